using Lakegate.Grains.Interfaces;

namespace Lakegate.Grain.Tests;

public sealed class FlushBySizeTests(SlowAgeClusterFixture fixture) : IClassFixture<SlowAgeClusterFixture>
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_buffer_that_reaches_the_size_threshold_is_flushed_and_the_rest_waits()
    {
        var key = await fixture.ProvisionAsync("flush-size");
        var device = fixture.Grains.GetGrain<IDeviceGrain>("flush-size");
        var readings = Enumerable.Range(0, 7).Select(i => new IngestReading($"{{\"i\":{i}}}", At)).ToArray();
        await device.Ingest(new IngestRequest(key.Key, readings[..4], At, null));
        Assert.Equal(4, (await device.GetSnapshot())!.Buffered);
        await device.Ingest(new IngestRequest(key.Key, readings[4..], At, null));

        // 4 + 3 readings: the second request fills the buffer to 7 >= 5 and flushes all of it.
        await Eventually.True(async () => (await device.GetSnapshot())!.Delivered == 7);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), fixture.Sink.Records("flush-size").Select(r => r.Seq));
    }

    [Fact]
    public async Task Fewer_readings_than_the_threshold_stay_buffered_while_a_full_buffer_goes_out()
    {
        var key = await fixture.ProvisionAsync("flush-partial");
        var device = fixture.Grains.GetGrain<IDeviceGrain>("flush-partial");
        var readings = Enumerable.Range(0, 3).Select(i => new IngestReading($"{{\"i\":{i}}}", At)).ToArray();
        await device.Ingest(new IngestRequest(key.Key, readings, At, null));
        var full = await fixture.ProvisionAsync("flush-full");
        var other = fixture.Grains.GetGrain<IDeviceGrain>("flush-full");
        await other.Ingest(new IngestRequest(full.Key, Enumerable.Range(0, 5).Select(i => new IngestReading($"{{\"i\":{i}}}", At)).ToArray(), At, null));

        // The full buffer went through the same pipeline; the partial one was not flushed with it.
        await Eventually.True(async () => (await other.GetSnapshot())!.Delivered == 5);
        Assert.Empty(fixture.Sink.Records("flush-partial"));
        Assert.Equal(3, (await device.GetSnapshot())!.Buffered);
    }
}
