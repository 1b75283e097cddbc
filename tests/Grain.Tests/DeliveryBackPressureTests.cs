using Lakegate.Grains.Interfaces;

namespace Lakegate.Grain.Tests;

public sealed class DeliveryBackPressureTests(BlockedSinkClusterFixture fixture) : IClassFixture<BlockedSinkClusterFixture>
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static IngestRequest Request(string key, int readings) =>
        new(key, Enumerable.Range(0, readings).Select(i => new IngestReading($"{{\"i\":{i}}}", At)).ToArray(), At, null);

    [Fact]
    public async Task Ingest_goes_on_while_the_sink_is_stuck_until_the_device_backlog_is_full_then_everything_drains()
    {
        var key = await fixture.ProvisionAsync("stuck");
        var device = fixture.Grains.GetGrain<IDeviceGrain>("stuck");

        // Several flushes are handed over while the sink answers nothing: ingest does not wait for them.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(IngestOutcome.Accepted, (await device.Ingest(Request(key.Key, 5))).Outcome);
        }

        var full = await device.Ingest(Request(key.Key, 1));
        Assert.Equal(IngestOutcome.DeviceBufferFull, full.Outcome);
        Assert.True(full.RetryAfterSeconds > 0);
        Assert.Equal(50, (await device.GetSnapshot())!.Buffered);

        fixture.Sink.Release();
        await Eventually.True(async () => (await device.GetSnapshot())!.Delivered == 50);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), fixture.Sink.Records("stuck").Select(r => r.Seq));
        Assert.Equal(IngestOutcome.Accepted, (await device.Ingest(Request(key.Key, 1))).Outcome);
    }
}
