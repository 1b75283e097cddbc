using System.Diagnostics;
using System.Net;

namespace Lakegate.DatabricksEmulator.Tests;

public sealed class AppFaultTests(EmulatorFixture fixture) : EmulatorTest<EmulatorFixture>(fixture, withToken: true)
{

    [Fact]
    public async Task App_latency_delays_the_answer()
    {
        Server.Faults.AppLatencyMs = 300;
        var stopwatch = Stopwatch.StartNew();

        using var response = await Client.PostIngestAsync(Token, IngestBodies.Batch("b", "dev", [1]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stopwatch.ElapsedMilliseconds >= 290, $"answered after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task App_error_rate_answers_503_with_retry_after_and_stores_nothing()
    {
        Server.Faults.AppErrorRate = 1;
        Server.Faults.AppRetryAfterSeconds = 4;

        using var response = await Client.PostIngestAsync(Token, IngestBodies.Batch("b", "dev", [1]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(4), response.Headers.RetryAfter?.Delta);
        Assert.Equal(0, Server.State.RecordCount);
        Assert.Equal(1, Server.State.AppRequestCount);
        Assert.Equal(0, Server.State.BatchCount);
    }

    [Fact]
    public async Task App_throttle_rate_answers_429_with_the_configured_retry_after()
    {
        Server.Faults.AppThrottleRate = 1;
        Server.Faults.AppRetryAfterSeconds = 7;

        using var response = await Client.PostIngestAsync(Token, IngestBodies.Batch("b", "dev", [1]));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        using var error = await EmulatorClient.ReadJsonAsync(response);
        Assert.Equal("REQUEST_LIMIT_EXCEEDED", error.RootElement.GetProperty("error_code").GetString());
        Assert.Equal(0, Server.State.RecordCount);
    }

    [Fact]
    public async Task Partial_rates_follow_the_seed_so_runs_are_reproducible()
    {
        await using var twin = await DatabricksEmulatorServer.StartAsync(new EmulatorOptions());
        using var twinClient = new EmulatorClient(twin);
        var twinToken = await twinClient.GetTokenAsync();
        foreach (var faults in new[] { Server.Faults, twin.Faults })
        {
            faults.Seed = 42;
            faults.AppThrottleRate = 0.5;
        }

        var first = await StatusSequenceAsync(Client, Token);
        var second = await StatusSequenceAsync(twinClient, twinToken);

        Assert.Equal(first, second);
        Assert.Contains(HttpStatusCode.OK, first);
        Assert.Contains(HttpStatusCode.TooManyRequests, first);

        Server.Faults.Seed = 42;
        Assert.Equal(first, await StatusSequenceAsync(Client, Token));
    }

    [Fact]
    public async Task App_down_answers_every_request_503()
    {
        Server.Faults.AppDown = true;

        using var response = await Client.PostIngestAsync(Token, IngestBodies.Batch("b", "dev", [1]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(0, Server.State.RecordCount);

        Server.Faults.AppDown = false;
        using var recovered = await Client.PostIngestAsync(Token, IngestBodies.Batch("b", "dev", [1]));
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task Permission_denied_is_a_403_that_is_not_a_token_problem()
    {
        Server.Faults.PermissionDenied = true;

        using var response = await Client.PostIngestAsync(Token, IngestBodies.Batch("b", "dev", [1]));

        await BearerCheckTests.AssertWorkspaceErrorAsync(response, 403, "User does not have CAN_USE permission on app lakegate.");
        Assert.Equal(0, Server.State.RecordCount);
    }

    [Fact]
    public async Task Commit_then_timeout_stores_the_batch_so_the_retry_is_all_duplicates()
    {
        Server.Faults.CommitThenTimeoutRate = 1;
        Server.Faults.CommitThenTimeoutDelayMs = 30_000;
        using var impatient = new EmulatorClient(Server, timeout: TimeSpan.FromMilliseconds(500));
        var body = IngestBodies.Batch("b", "dev", [1, 2, 3]);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostIngestAsync(Token, body));
        await Eventually.WaitUntilAsync(() => Server.State.RecordCount == 3, "the timed-out batch is stored");

        Server.Faults.CommitThenTimeoutRate = 0;
        using var retry = await Client.PostIngestAsync(Token, body);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        using var ack = await EmulatorClient.ReadJsonAsync(retry);
        Assert.Equal(0, ack.RootElement.GetProperty("stored").GetInt32());
        Assert.Equal(3, ack.RootElement.GetProperty("duplicates").GetInt32());
        Assert.Equal(3, Server.State.RecordCount);
        Assert.Equal(3, Server.State.DuplicateCount);
        Assert.Equal(2, Server.State.BatchCount);
    }

    [Fact]
    public async Task Commit_then_timeout_answers_200_to_a_patient_client()
    {
        Server.Faults.CommitThenTimeoutRate = 1;
        Server.Faults.CommitThenTimeoutDelayMs = 200;
        var stopwatch = Stopwatch.StartNew();

        using var response = await Client.PostIngestAsync(Token, IngestBodies.Batch("b", "dev", [1]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stopwatch.ElapsedMilliseconds >= 190, $"answered after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Fault_values_out_of_range_are_refused_and_leave_the_switches_unchanged()
    {
        Server.Faults.AppErrorRate = 0.25;

        Assert.Throws<ArgumentOutOfRangeException>(() => Server.Faults.AppErrorRate = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.Faults.AppThrottleRate = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.Faults.AppLatencyMs = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.Faults.TokenLifetimeSecondsOverride = 0);
        Assert.Equal(0.25, Server.Faults.AppErrorRate);

        Server.Faults.Clear();
        Assert.Equal(new EmulatorFaultSettings(), Server.Faults.Snapshot());
    }

    private static async Task<List<HttpStatusCode>> StatusSequenceAsync(EmulatorClient Client, string Token)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 24; i++)
        {
            using var response = await Client.PostIngestAsync(Token, IngestBodies.Batch($"b{i}", "dev", [i]));
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
