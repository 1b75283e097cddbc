using Lakegate.Grains.Delivery;
using Lakegate.Grains.Ingest;

namespace Lakegate.Unit.Tests;

public sealed class DeliveryBatchPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);

    private static TelemetryRecord[] Records(string device, int count, int payloadBytes = 10) =>
        Enumerable.Range(1, count).Select(i => new TelemetryRecord(device, i, Now, Now, "{\"v\":\"" + new string('x', payloadBytes) + "\"}")).ToArray();

    [Fact]
    public void A_partial_request_waits_for_the_linger_time()
    {
        var planner = new DeliveryBatchPlanner(100, 1 << 20);
        planner.Add(Records("a", 10), Now);
        Assert.Null(planner.TakeBatch(Now + Linger / 2, Linger, force: false));
        Assert.Equal(Now + Linger, planner.ReadyAt(Linger));
        Assert.Equal(10, planner.TakeBatch(Now + Linger, Linger, force: false)!.Count);
        Assert.Null(planner.ReadyAt(Linger));
    }

    [Fact]
    public void Many_devices_share_one_request_bounded_by_records()
    {
        var planner = new DeliveryBatchPlanner(100, 1 << 20);
        for (var d = 0; d < 30; d++)
        {
            planner.Add(Records($"d{d}", 5), Now);
        }

        var first = planner.TakeBatch(Now, Linger, force: false)!;
        Assert.Equal(100, first.Count);
        Assert.Equal(20, first.Select(r => r.DeviceId).Distinct().Count());
        Assert.Equal(50, planner.QueuedRecords);
    }

    [Fact]
    public void Requests_are_bounded_by_bytes()
    {
        var planner = new DeliveryBatchPlanner(10_000, 10_000);
        planner.Add(Records("a", 100, payloadBytes: 1000), Now);
        var batch = planner.TakeBatch(Now, Linger, force: false)!;
        Assert.True(batch.Sum(r => r.ApproximateBytes) <= 10_000);
        Assert.True(batch.Count >= 1);
    }

    [Fact]
    public void A_record_larger_than_the_byte_limit_still_goes_out_alone()
    {
        var planner = new DeliveryBatchPlanner(10_000, 100);
        planner.Add(Records("a", 2, payloadBytes: 1000), Now);
        Assert.Single(planner.TakeBatch(Now, Linger, force: false)!);
        Assert.Single(planner.TakeBatch(Now, Linger, force: false)!);
    }
}
