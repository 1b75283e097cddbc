using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Lakegate.DatabricksEmulator;
using Lakegate.Grains.Databricks;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Hosting;
using Lakegate.Grains.Ingest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lakegate.Api.Tests;

/// <summary>The Databricks App sink against the emulator over real HTTP, with its fault switches.</summary>
public sealed class AppSinkTests : IAsyncLifetime
{
    private DatabricksEmulatorServer _emulator = null!;
    private ServiceProvider _services = null!;
    private TokenCache _tokens = null!;
    private ITelemetrySink _sink = null!;

    public async Task InitializeAsync()
    {
        _emulator = await DatabricksEmulatorServer.StartAsync(new EmulatorOptions { ClientId = "sink-tests", ClientSecret = "sink-secret" });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Databricks:Host"] = _emulator.BaseUrl.ToString(),
            ["Databricks:ClientId"] = "sink-tests",
            ["Databricks:ClientSecret"] = "sink-secret",
            ["Databricks:AppUrl"] = _emulator.AppIngestUrl.ToString(),
            ["Databricks:RequestTimeout"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IAccessTokenProvider>(sp => new CacheBackedTokenProvider(_tokens));
        services.AddLakegateGrainServices(configuration);
        _services = services.BuildServiceProvider();
        _tokens = new TokenCache("default", _services.GetRequiredService<ITokenSource>(), TimeProvider.System, new TokenCacheOptions(), NullLogger.Instance);
        _sink = _services.GetRequiredService<ITelemetrySink>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    private static SinkBatch Batch(string device, int count) =>
        new(Guid.NewGuid().ToString("N"), Enumerable.Range(1, count)
            .Select(i => new TelemetryRecord(device, i, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, $"{{\"i\":{i}}}")).ToArray());

    [Fact]
    public async Task A_batch_is_delivered_with_a_bearer_token_from_one_grant()
    {
        var result = await _sink.SendAsync(Batch("sink-ok", 3), CancellationToken.None);
        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        Assert.Equal(3, _emulator.State.GetRecords("sink-ok").Count);
        Assert.Equal(1, _emulator.State.TokenGrantCount);
    }

    [Fact]
    public async Task Throttling_and_unavailability_are_retried_with_the_same_batch_until_delivered()
    {
        _emulator.Faults.AppRetryAfterSeconds = 1;
        _emulator.Faults.AppThrottleRate = 0.5;
        _emulator.Faults.AppErrorRate = 0.3;
        var batches = Enumerable.Range(0, 6).Select(i => Batch($"sink-flaky-{i}", 5)).ToArray();
        foreach (var batch in batches)
        {
            SinkResult result;
            var attempts = 0;
            do
            {
                result = await _sink.SendAsync(batch, CancellationToken.None);
                attempts++;
            }
            while (result.Outcome == SinkOutcome.RetryLater && attempts < 10);

            Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        }

        Assert.True(_emulator.State.AppRequestCount > batches.Length, "no request was throttled or failed: the faults were not exercised");
        Assert.All(batches, b => Assert.Equal(5, _emulator.State.GetRecords(b.Records[0].DeviceId).Count));
        Assert.Equal(0, _emulator.State.DuplicateCount);
    }

    [Fact]
    public async Task A_revoked_token_is_refreshed_once_and_the_batch_delivered()
    {
        Assert.Equal(SinkOutcome.Delivered, (await _sink.SendAsync(Batch("sink-revoke-1", 1), CancellationToken.None)).Outcome);
        _emulator.State.RevokeAllTokens();

        var result = await _sink.SendAsync(Batch("sink-revoke-2", 2), CancellationToken.None);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        Assert.Equal(2, _emulator.State.TokenGrantCount);
        Assert.Equal(2, _emulator.State.GetRecords("sink-revoke-2").Count);
    }

    [Fact]
    public async Task A_real_permission_403_is_reported_without_refreshing_tokens_in_a_loop()
    {
        Assert.Equal(SinkOutcome.Delivered, (await _sink.SendAsync(Batch("sink-perm-0", 1), CancellationToken.None)).Outcome);
        _emulator.Faults.PermissionDenied = true;

        var result = await _sink.SendAsync(Batch("sink-perm", 1), CancellationToken.None);

        Assert.Equal(SinkOutcome.RetryLater, result.Outcome);
        Assert.Contains("403", result.Reason);
        Assert.Equal(1, _emulator.State.TokenGrantCount);
        Assert.Empty(_emulator.State.GetRecords("sink-perm"));
    }

    [Fact]
    public async Task An_invalid_record_is_named_so_the_rest_can_go_on()
    {
        var good = Batch("sink-invalid", 2).Records;
        var bad = new TelemetryRecord("sink-invalid", -5, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "{}");
        var result = await _sink.SendAsync(new SinkBatch("b-invalid", [good[0], bad, good[1]]), CancellationToken.None);
        Assert.Equal(SinkOutcome.InvalidRecords, result.Outcome);
        Assert.Equal([1], result.InvalidIndexes!);
        Assert.Empty(_emulator.State.GetRecords("sink-invalid"));
    }
}
