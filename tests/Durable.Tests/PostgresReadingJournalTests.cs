using Lakegate.Durable.Tests.Infrastructure;
using Lakegate.Grains.Ingest;
using Lakegate.Grains.Journal;
using Xunit.Abstractions;

namespace Lakegate.Durable.Tests;

public sealed class PostgresReadingJournalTests(ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task Concurrent_appends_share_round_trips_and_all_rows_are_committed_then_removes_delete_them()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();
        const int devices = 500;
        const int recordsPerAppend = 4;
        var batches = Enumerable.Range(0, devices).Select(d => Readings.Batch($"device-{d:D4}", 1, recordsPerAppend)).ToList();

        using var start = new ManualResetEventSlim();
        var appends = batches.Select(batch => Task.Run(async () =>
        {
            start.Wait();
            await journal.AppendAsync(batch);
        })).ToList();
        start.Set();
        await Task.WhenAll(appends);

        var appended = journal.AppendStatistics;
        output.WriteLine($"appends: {appended.Requests} requests, {appended.RoundTrips} round trips, {appended.Rows} rows, " +
                         $"{appended.RowsPerRoundTrip:0.0} rows per round trip, max {appended.MaxRowsPerRoundTrip}");
        Assert.Equal(devices, appended.Requests);
        Assert.Equal(devices * recordsPerAppend, appended.Rows);
        Assert.True(appended.RoundTrips < devices / 5, $"expected group commit, got {appended.RoundTrips} round trips for {devices} appends");
        Assert.Equal(devices * recordsPerAppend, await database.CountRowsAsync());

        var removes = batches.Select(batch => Task.Run(async () => await journal.RemoveAsync(batch))).ToList();
        await Task.WhenAll(removes);

        var removed = journal.RemoveStatistics;
        output.WriteLine($"removes: {removed.Requests} requests, {removed.RoundTrips} round trips, {removed.RowsPerRoundTrip:0.0} rows per round trip");
        Assert.Equal(devices * recordsPerAppend, removed.Rows);
        Assert.True(removed.RoundTrips < devices);
        Assert.Equal(0, await database.CountRowsAsync());
        Assert.Equal(new JournalDeviceCounts(recordsPerAppend, 0, null), (await journal.ReadCountsAsync("device-0042"))! with { LastDeliveredAt = null });
    }

    [Fact(Timeout = 60_000)]
    public async Task Under_steady_load_from_many_grains_each_round_trip_carries_many_appends()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();
        const int grains = 200;
        const int appendsPerGrain = 10;
        const int recordsPerAppend = 4;

        // Each simulated grain appends, waits for its commit, and appends again, as a device grain does.
        await Task.WhenAll(Enumerable.Range(0, grains).Select(g => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerGrain; i++)
            {
                await journal.AppendAsync(Readings.Batch($"grain-{g:D3}", (i * recordsPerAppend) + 1, recordsPerAppend));
            }
        })));

        var appended = journal.AppendStatistics;
        output.WriteLine($"steady load: {appended.Requests} appends in {appended.RoundTrips} round trips, " +
                         $"{appended.RowsPerRoundTrip:0.0} rows per round trip, max {appended.MaxRowsPerRoundTrip}");
        Assert.Equal(grains * appendsPerGrain, appended.Requests);
        Assert.Equal(grains * appendsPerGrain * recordsPerAppend, await database.CountRowsAsync());
        Assert.True(appended.RoundTrips * 5 < appended.Requests, $"expected well over 5 appends per round trip, got {appended.RoundTrips} round trips");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_round_carries_at_most_the_configured_rows_but_never_splits_a_request()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal(o => o.MaxRowsPerRoundTrip = 10);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(d => journal.AppendAsync(Readings.Batch($"d{d}", 1, 3)).AsTask()));
        await journal.AppendAsync(Readings.Batch("large", 1, 25));

        Assert.Equal(25, journal.AppendStatistics.MaxRowsPerRoundTrip);
        Assert.True(journal.AppendStatistics.RoundTrips >= 7, "20 requests of 3 rows with at most 10 rows per round need at least 6 rounds, plus the large one");
        Assert.Equal(85, await database.CountRowsAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Appending_the_same_records_again_is_harmless()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();
        var batch = Readings.Batch("device-a", 1, 5);

        await journal.AppendAsync(batch);
        await journal.AppendAsync(batch);
        await Task.WhenAll(journal.AppendAsync(batch).AsTask(), journal.AppendAsync(batch).AsTask());

        Assert.Equal(5, await database.CountRowsAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_delivered_record_is_counted_once_however_often_it_is_removed()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();
        var batch = Readings.Batch("device-a", 1, 5);
        await journal.AppendAsync(batch);
        await journal.AppendAsync(Readings.Batch("device-b", 1, 2));
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var delivered = batch.Take(3).ToList();
        await Task.WhenAll(journal.RemoveAsync(delivered).AsTask(), journal.RemoveAsync(delivered).AsTask());
        await journal.RemoveAsync(delivered);
        await journal.RemoveAsync([Readings.Record("device-a", 99)]);

        var counts = await journal.ReadCountsAsync("device-a");
        Assert.NotNull(counts);
        Assert.Equal(3, counts.Delivered);
        Assert.Equal(2, counts.Pending);
        Assert.Equal(5, counts.Accepted);
        Assert.NotNull(counts.LastDeliveredAt);
        Assert.True(counts.LastDeliveredAt > before);
        Assert.Equal(new JournalDeviceCounts(0, 2, null), await journal.ReadCountsAsync("device-b"));
        Assert.Equal(new JournalDeviceCounts(0, 0, null), await journal.ReadCountsAsync("device-unknown"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Reads_a_device_in_sequence_order_with_its_payload_verbatim()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();
        const string payload = """{ "b": 1, "a": [1, 2.50, "x\u00e9"], "a": null }""";
        await journal.AppendAsync([Readings.Record("device-a", 3), Readings.Record("device-a", 1), Readings.Record("device-b", 2)]);
        await journal.AppendAsync([new TelemetryRecord("device-a", 2, Readings.BaseTime, Readings.BaseTime, payload)]);

        var records = await journal.ReadDeviceAsync("device-a");

        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Seq));
        Assert.All(records, r => Assert.Equal("device-a", r.DeviceId));
        Assert.Equal(payload, records[1].Payload);
        Assert.Empty(await journal.ReadDeviceAsync("device-unknown"));
        Assert.Equal("test-silo", Convert.ToString(await ScalarAsync(database, "SELECT DISTINCT silo FROM lakegate_journal")));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_orphan_sweep_finds_the_oldest_rows_and_their_devices()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();
        var now = DateTimeOffset.UtcNow;
        await journal.AppendAsync(
        [
            Readings.Record("fresh", 1, now),
            Readings.Record("old-b", 1, now.AddMinutes(-30)),
            Readings.Record("old-b", 2, now.AddMinutes(-29)),
            Readings.Record("old-a", 7, now.AddMinutes(-20)),
        ]);

        var older = await journal.ReadOlderThanAsync(now.AddMinutes(-5), limit: 10);
        var limited = await journal.ReadOlderThanAsync(now.AddMinutes(-5), limit: 2);
        var devices = await journal.ReadDeviceIdsOlderThanAsync(now.AddMinutes(-5), limit: 10);

        Assert.Equal([("old-b", 1L), ("old-b", 2L), ("old-a", 7L)], older.Select(r => (r.DeviceId, r.Seq)));
        Assert.Equal(2, limited.Count);
        Assert.Equal(["old-b", "old-a"], devices);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_record_postgres_cannot_store_fails_its_own_caller_only()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();
        var poisoned = new TelemetryRecord("device-a", 1, Readings.BaseTime, Readings.BaseTime, "{\"x\":\"\0\"}");

        var good = journal.AppendAsync(Readings.Batch("device-b", 1, 2));
        await Assert.ThrowsAsync<ArgumentException>(async () => await journal.AppendAsync([poisoned]));
        await good;

        Assert.Equal(2, await database.CountRowsAsync());
    }

    private static async Task<object?> ScalarAsync(LakegateDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
