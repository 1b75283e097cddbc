using System.Collections.Concurrent;
using System.Net;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace Lakegate.Sink.Tests;

/// <summary>The SQL sink inside the silo's delivery pipeline, and its answers to throttling.</summary>
public sealed class SqlSinkDeliveryTests
{
    [Fact]
    public async Task The_batcher_parks_only_the_record_the_warehouse_refuses_and_delivers_the_rest()
    {
        var delivered = new ConcurrentBag<TelemetryRecord>();
        await using var harness = await SqlSinkHarness.StartAsync(
            new Dictionary<string, string?> { ["Delivery:Linger"] = "00:00:00.010" },
            services => services.AddSingleton<IDeliveryListener>(new RecordingListener(delivered)));
        var batcher = harness.Services.GetRequiredService<DeliveryBatcher>();
        var deadLetters = harness.Services.GetRequiredService<IDeadLetterStore>();
        await batcher.StartAsync(CancellationToken.None);
        try
        {
            var records = Enumerable.Range(1, 8)
                .Select(i => SqlSinkHarness.Reading("sql-batcher", i, i == 5 ? "\"not an object\"" : $"{{\"i\":{i}}}"))
                .ToArray();
            batcher.Enqueue(records);

            await Deadline.WaitUntil(
                async () => (await deadLetters.ListAsync(null, 10)).Count == 1 && delivered.Count == 7,
                TimeSpan.FromSeconds(30),
                "the good readings were not delivered and the bad one parked");

            Assert.Equal(5, Assert.Single(await deadLetters.ListAsync(null, 10)).Record.Seq);
            Assert.Equal([1L, 2, 3, 4, 6, 7, 8], harness.Emulator.State.GetRecords("sql-batcher").Select(r => r.Seq));
        }
        finally
        {
            await batcher.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Throttling_and_unavailability_are_retried_later_after_their_Retry_After(HttpStatusCode status)
    {
        var stub = new AnsweringHandler(status);
        await using var harness = await SqlSinkHarness.StartAsync(
            configureServices: services => services.AddHttpClient(SqlStatementSink.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub));

        var result = await harness.Sink.SendAsync(SqlSinkHarness.Batch("sql-throttled", 1), CancellationToken.None);

        Assert.Equal(SinkOutcome.RetryLater, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(1), result.RetryAfter);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Reason);
        Assert.True(stub.Requests >= 1);
        Assert.Empty(harness.Emulator.State.GetRecords("sql-throttled"));
    }

    [Fact]
    public async Task A_permission_403_is_retried_after_a_long_delay_without_refreshing_the_token()
    {
        var stub = new AnsweringHandler(
            HttpStatusCode.Forbidden,
            "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"User does not have CAN USE on warehouse wh-tests.\"}",
            retryAfter: false);
        await using var harness = await SqlSinkHarness.StartAsync(
            configureServices: services => services.AddHttpClient(SqlStatementSink.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub));

        var result = await harness.Sink.SendAsync(SqlSinkHarness.Batch("sql-permission", 1), CancellationToken.None);

        Assert.Equal(SinkOutcome.RetryLater, result.Outcome);
        Assert.Equal(DatabricksHttpSender.PermissionRetryDelay, result.RetryAfter);
        Assert.Contains("403", result.Reason);
        Assert.Equal(1, stub.Requests);
        Assert.Equal(1, harness.Emulator.State.TokenGrantCount);
    }

    [Fact]
    public async Task A_token_rejected_again_after_one_refresh_is_reported_not_looped_on()
    {
        var stub = new AnsweringHandler(HttpStatusCode.Forbidden, "{\"error_code\":403,\"message\":\"Invalid access token.\"}", retryAfter: false);
        await using var harness = await SqlSinkHarness.StartAsync(
            configureServices: services => services.AddHttpClient(SqlStatementSink.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub));

        var result = await harness.Sink.SendAsync(SqlSinkHarness.Batch("sql-rejected", 1), CancellationToken.None);

        Assert.Equal(SinkOutcome.RetryLater, result.Outcome);
        Assert.Contains("freshly refreshed token", result.Reason);
        Assert.Equal(2, stub.Requests);
        Assert.Equal(2, harness.Emulator.State.TokenGrantCount);
    }

    private sealed class RecordingListener(ConcurrentBag<TelemetryRecord> delivered) : IDeliveryListener
    {
        public Task OnDeliveredAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken)
        {
            foreach (var record in records)
            {
                delivered.Add(record);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class AnsweringHandler(
        HttpStatusCode status,
        string body = "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"Please retry.\"}",
        bool retryAfter = true) : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            var response = new HttpResponseMessage(status)
            {
                Content = new StringContent(body),
            };
            if (retryAfter)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            }

            return Task.FromResult(response);
        }
    }
}
