namespace Lakegate.Resilience.Tests;

/// <summary>
/// The Databricks App misbehaving (429 with Retry-After, 503, slow answers, down for a while) while devices
/// send through the real gateway: every reading acknowledged with 202 ends up in Databricks exactly once.
/// </summary>
public sealed class AppFaultTests
{
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Throttling_with_retry_after_delays_but_never_loses_or_duplicates_a_reading()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var devices = await gateway.ProvisionAsync("throttled", 20);
        gateway.Emulator.Faults.AppRetryAfterSeconds = 1;
        gateway.Emulator.Faults.AppThrottleRate = 0.5;

        var answers = await gateway.IngestAsync(devices, requestsPerDevice: 5, readingsPerRequest: 4);

        Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        Assert.True(gateway.Emulator.State.AppRequestCount > gateway.Emulator.State.BatchCount, "no request was throttled");
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
    }

    [Fact]
    public async Task Unavailability_503_is_retried_until_every_reading_is_delivered_once()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var devices = await gateway.ProvisionAsync("unavailable", 20);
        gateway.Emulator.Faults.AppRetryAfterSeconds = 1;
        gateway.Emulator.Faults.AppErrorRate = 0.5;

        var answers = await gateway.IngestAsync(devices, requestsPerDevice: 5, readingsPerRequest: 4);

        Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        Assert.True(gateway.Emulator.State.AppRequestCount > gateway.Emulator.State.BatchCount, "no request was answered 503");
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
    }

    [Fact]
    public async Task Slow_answers_do_not_lose_or_duplicate_readings()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var devices = await gateway.ProvisionAsync("slow", 20);
        gateway.Emulator.Faults.AppLatencyMs = 700;

        var answers = await gateway.IngestAsync(devices, requestsPerDevice: 5, readingsPerRequest: 4);

        Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
    }

    [Fact]
    public async Task Readings_accepted_while_the_app_is_down_are_delivered_once_when_it_is_back()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var devices = await gateway.ProvisionAsync("app-down", 20);
        gateway.Emulator.Faults.AppRetryAfterSeconds = 1;
        gateway.Emulator.Faults.AppDown = true;

        var answers = await gateway.IngestAsync(devices, requestsPerDevice: 5, readingsPerRequest: 4);
        Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));

        // The gateway keeps trying while the App is down, and nothing lands.
        var requestsWhenDown = gateway.Emulator.State.AppRequestCount;
        await Eventually.True(() => gateway.Emulator.State.AppRequestCount >= requestsWhenDown + 3, TimeSpan.FromSeconds(30), "delivery was not retried while the App was down");
        Assert.Equal(0, gateway.Emulator.State.RecordCount);

        gateway.Emulator.Faults.AppDown = false;
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
    }
}
