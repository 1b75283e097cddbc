using System.Diagnostics;

namespace Lakegate.Resilience.Tests;

/// <summary>Readings from many devices travel together: a fleet costs Databricks a few requests, not one per device.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class CoalescingTests(ITestOutputHelper output)
{
    private const int Devices = 10_000;
    private static readonly TimeSpan Linger = new Lakegate.Grains.Delivery.DeliveryOptions().Linger;

    [Fact]
    public async Task Ten_thousand_devices_with_one_reading_each_are_delivered_in_a_few_dozen_app_requests()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Delivery:MaxRecordsPerRequest"] = "5000",
        });
        var clock = Stopwatch.StartNew();
        var devices = await gateway.ProvisionAsync("fleet", Devices);
        var provisioned = clock.Elapsed;

        clock.Restart();
        var answers = await gateway.IngestAsync(devices, requestsPerDevice: 1, readingsPerRequest: 1, parallelism: 64);
        var ingested = clock.Elapsed;
        Assert.All(answers, a => Assert.True(a.Accepted, $"ingest answered {a.Status}"));

        clock.Restart();
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(TimeSpan.FromSeconds(20), countsChecked: 200);

        var requests = gateway.Emulator.State.AppRequestCount;
        output.WriteLine(
            $"{Devices} devices provisioned in {provisioned.TotalSeconds:F1} s, one reading each posted in {ingested.TotalSeconds:F1} s " +
            $"({Devices / ingested.TotalSeconds:F0}/s), linger {Linger.TotalMilliseconds} ms: {gateway.Emulator.State.RecordCount} rows in {requests} App requests, " +
            $"checked in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(requests, 2, 40);
        Assert.Equal(Devices, gateway.Emulator.State.RecordCount);
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
    }
}
