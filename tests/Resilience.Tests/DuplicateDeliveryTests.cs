namespace Lakegate.Resilience.Tests;

/// <summary>
/// Databricks commits a batch and then answers too late: the gateway times out and sends the same batch
/// again. The receiver keeps one copy per (device_id, seq), so every acknowledged reading is stored once.
/// </summary>
public sealed class DuplicateDeliveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Batches_committed_then_timed_out_are_resent_and_stored_exactly_once()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Databricks:RequestTimeout"] = "00:00:01",
        });
        var devices = await gateway.ProvisionAsync("commit-timeout", 20);
        gateway.Emulator.Faults.CommitThenTimeoutDelayMs = 1_500;
        gateway.Emulator.Faults.CommitThenTimeoutRate = 0.3;

        var answers = await gateway.IngestAsync(devices, requestsPerDevice: 4, readingsPerRequest: 4);

        Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(TimeSpan.FromSeconds(20));
        Assert.True(gateway.Emulator.State.DuplicateCount > 0, "no batch was sent twice: the fault did not bite");
        output.WriteLine(
            $"{gateway.Acknowledged.Count} readings acknowledged, {gateway.Emulator.State.RecordCount} stored, " +
            $"{gateway.Emulator.State.DuplicateCount} duplicates dropped, {gateway.Emulator.State.AppRequestCount} App requests");
    }
}
