namespace Lakegate.Resilience.Tests;

/// <summary>
/// The Databricks token side misbehaving while devices send through the real gateway: short-lived tokens,
/// tokens revoked mid-run, a token endpoint that is down or answers nonsense. Acknowledged readings wait
/// (buffered) while there is no usable token and land exactly once afterwards.
/// </summary>
public sealed class TokenFaultTests
{
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Tokens_that_expire_within_seconds_are_replaced_and_every_reading_is_delivered_once()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        // A 45 s token: the gateway stops using it 40 s before expiry, so each one serves about 5 s.
        gateway.Emulator.Faults.TokenLifetimeSecondsOverride = 45;
        var devices = await gateway.ProvisionAsync("short-token", 10);

        var started = DateTime.UtcNow;
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(11))
        {
            var answers = await gateway.IngestAsync(devices, requestsPerDevice: 1, readingsPerRequest: 3);
            Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));
            await pace.WaitForNextTickAsync();
        }

        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        var grants = gateway.Emulator.State.TokenGrantCount;
        Assert.InRange(grants, 2, 6);
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
    }

    [Fact]
    public async Task Tokens_revoked_mid_run_are_replaced_by_one_grant_and_no_reading_is_lost()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var devices = await gateway.ProvisionAsync("revoked", 20);
        await gateway.IngestAsync(devices, requestsPerDevice: 2, readingsPerRequest: 4);
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        var grantsBefore = gateway.Emulator.State.TokenGrantCount;

        Assert.True(gateway.Emulator.State.RevokeAllTokens() > 0);
        var answers = await gateway.IngestAsync(devices, requestsPerDevice: 3, readingsPerRequest: 4);

        Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        // Many requests were refused with the revoked token at once; the version was invalidated once.
        Assert.Equal(grantsBefore + 1, gateway.Emulator.State.TokenGrantCount);
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
    }

    [Fact]
    public async Task A_token_endpoint_outage_while_the_token_is_valid_does_not_delay_delivery()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var devices = await gateway.ProvisionAsync("endpoint-down-valid", 20);
        await gateway.IngestAsync(devices, requestsPerDevice: 1, readingsPerRequest: 4);
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        var tokenRequests = gateway.Emulator.State.TokenRequestCount;

        gateway.Emulator.Faults.TokenEndpointDown = true;
        var answers = await gateway.IngestAsync(devices, requestsPerDevice: 4, readingsPerRequest: 4);

        Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        Assert.True(gateway.Emulator.Faults.TokenEndpointDown, "delivered only after the outage");
        Assert.Equal(tokenRequests, gateway.Emulator.State.TokenRequestCount);
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
    }

    [Fact]
    public async Task With_no_valid_token_during_a_token_endpoint_outage_readings_wait_and_land_once_after_it()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var devices = await gateway.ProvisionAsync("endpoint-down-revoked", 20);
        await gateway.IngestAsync(devices, requestsPerDevice: 1, readingsPerRequest: 4);
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        var storedBefore = gateway.Emulator.State.RecordCount;

        gateway.Emulator.Faults.TokenEndpointDown = true;
        gateway.Emulator.State.RevokeAllTokens();
        var answers = await gateway.IngestAsync(devices, requestsPerDevice: 3, readingsPerRequest: 4);
        Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));

        await AssertRefreshIsRetriedWhileNothingLandsAsync(gateway, storedBefore);
        gateway.Emulator.Faults.TokenEndpointDown = false;
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
    }

    [Fact]
    public Task An_empty_400_from_the_token_endpoint_holds_readings_until_it_heals() =>
        AssertGrantlessAnswersHoldReadingsUntilHealedAsync("empty-400", (faults, on) => faults.TokenEndpointEmptyBody400 = on);

    [Fact]
    public Task A_200_without_an_access_token_holds_readings_until_it_heals() =>
        AssertGrantlessAnswersHoldReadingsUntilHealedAsync("no-token-200", (faults, on) => faults.TokenEndpointNoToken200 = on);

    /// <summary>
    /// The token endpoint answers without granting anything from the start: readings are acknowledged and
    /// held, the refresh is retried, nothing lands; once healed, everything lands exactly once.
    /// </summary>
    private static async Task AssertGrantlessAnswersHoldReadingsUntilHealedAsync(string devicePrefix, Action<Lakegate.DatabricksEmulator.EmulatorFaults, bool> fault)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        fault(gateway.Emulator.Faults, true);
        var devices = await gateway.ProvisionAsync(devicePrefix, 20);

        var answers = await gateway.IngestAsync(devices, requestsPerDevice: 3, readingsPerRequest: 4);
        Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));
        await AssertRefreshIsRetriedWhileNothingLandsAsync(gateway, storedBefore: 0);
        Assert.Equal(0, gateway.Emulator.State.TokenGrantCount);

        fault(gateway.Emulator.Faults, false);
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(DeliveryDeadline);
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
    }

    /// <summary>The gateway asks the token endpoint again (with back-off) while no new reading reaches Databricks.</summary>
    private static async Task AssertRefreshIsRetriedWhileNothingLandsAsync(GatewayUnderTest gateway, long storedBefore)
    {
        var tokenRequests = gateway.Emulator.State.TokenRequestCount;
        await Eventually.True(
            () => gateway.Emulator.State.TokenRequestCount >= tokenRequests + 2,
            TimeSpan.FromSeconds(30),
            "the token refresh was not retried");
        Assert.Equal(storedBefore, gateway.Emulator.State.RecordCount);
    }
}
