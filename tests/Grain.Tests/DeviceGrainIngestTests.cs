using Lakegate.Grains.Interfaces;

namespace Lakegate.Grain.Tests;

public sealed class DeviceGrainIngestTests(LakegateClusterFixture fixture) : IClassFixture<LakegateClusterFixture>
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static IngestRequest Request(string key, int readings, string? idempotencyKey = null) =>
        new(key, Enumerable.Range(0, readings).Select(i => new IngestReading($"{{\"i\":{i}}}", At)).ToArray(), At, idempotencyKey);

    private IDeviceGrain Device(string id) => fixture.Grains.GetGrain<IDeviceGrain>(id);

    [Fact]
    public async Task Sequence_numbers_are_consecutive_per_device_and_independent_across_devices()
    {
        var a = await fixture.ProvisionAsync("seq-a");
        var b = await fixture.ProvisionAsync("seq-b");
        var r1 = await Device("seq-a").Ingest(Request(a.Key, 3));
        var r2 = await Device("seq-a").Ingest(Request(a.Key, 2));
        var r3 = await Device("seq-b").Ingest(Request(b.Key, 1));
        Assert.Equal((1L, 3L), (r1.FirstSeq, r1.LastSeq));
        Assert.Equal((4L, 5L), (r2.FirstSeq, r2.LastSeq));
        Assert.Equal((1L, 1L), (r3.FirstSeq, r3.LastSeq));
    }

    [Fact]
    public async Task Sequence_numbers_continue_after_the_grain_is_deactivated()
    {
        var key = await fixture.ProvisionAsync("seq-reactivate");
        await Device("seq-reactivate").Ingest(Request(key.Key, 4));
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var after = await Device("seq-reactivate").Ingest(Request(key.Key, 1));
        Assert.True(after.FirstSeq > 4, $"sequence number {after.FirstSeq} was reused");
    }

    [Fact]
    public async Task A_partial_buffer_is_flushed_by_age()
    {
        var key = await fixture.ProvisionAsync("flush-age");
        await Device("flush-age").Ingest(Request(key.Key, 2));
        await Eventually.True(() => fixture.Sink.Records("flush-age").Count == 2);
        await Eventually.True(async () => (await Device("flush-age").GetSnapshot())!.Delivered == 2);
        var snapshot = await Device("flush-age").GetSnapshot();
        Assert.Equal(2, snapshot!.Accepted);
        Assert.Equal(0, snapshot.Buffered);
        Assert.NotNull(snapshot.LastDeliveredAt);
    }

    [Fact]
    public async Task A_retried_request_with_the_same_idempotency_key_is_acknowledged_again_and_stored_once()
    {
        var key = await fixture.ProvisionAsync("idem");
        var first = await Device("idem").Ingest(Request(key.Key, 3, "req-1"));
        var again = await Device("idem").Ingest(Request(key.Key, 3, "req-1"));
        Assert.Equal((first.FirstSeq, first.LastSeq), (again.FirstSeq, again.LastSeq));
        Assert.True(again.Replayed);
        await Eventually.True(() => fixture.Sink.Records("idem").Count >= 3);
        Assert.Equal(3, (await Device("idem").GetSnapshot())!.Accepted);
        Assert.Equal(3, fixture.Sink.Records("idem").Count);
    }

    [Fact]
    public async Task Wrong_keys_and_unknown_devices_are_refused_alike_and_store_nothing()
    {
        var mine = await fixture.ProvisionAsync("auth-mine");
        var theirs = await fixture.ProvisionAsync("auth-theirs");
        Assert.Equal(IngestOutcome.Unauthorized, (await Device("auth-mine").Ingest(Request(theirs.Key, 1))).Outcome);
        Assert.Equal(IngestOutcome.Unauthorized, (await Device("auth-mine").Ingest(Request(mine.Key[..^1] + "x", 1))).Outcome);
        Assert.Equal(IngestOutcome.Unauthorized, (await Device("auth-nobody").Ingest(Request(mine.Key, 1))).Outcome);
        Assert.Null(await Device("auth-nobody").GetSnapshot());
        Assert.Equal(0, (await Device("auth-mine").GetSnapshot())!.Accepted);
        Assert.Equal(IngestOutcome.Accepted, (await Device("auth-mine").Ingest(Request(mine.Key, 1))).Outcome);
    }

    [Fact]
    public async Task Provisioning_twice_does_not_replace_the_key()
    {
        var key = await fixture.ProvisionAsync("twice");
        var again = await Device("twice").Provision(new ProvisionRequest(null));
        Assert.False(again.Created);
        Assert.Null(again.Key);
        Assert.Equal(IngestOutcome.Accepted, (await Device("twice").Ingest(Request(key.Key, 1))).Outcome);
    }

    [Fact]
    public async Task The_snapshot_never_holds_a_secret_or_hash()
    {
        var key = await fixture.ProvisionAsync("snapshot");
        var snapshot = (await Device("snapshot").GetSnapshot())!;
        var text = System.Text.Json.JsonSerializer.Serialize(snapshot);
        Assert.DoesNotContain(key.Key.Split('_')[2], text);
        Assert.Equal(key.KeyId, Assert.Single(snapshot.Keys).KeyId);
    }
}
