using Lakegate.Durable.Tests.Infrastructure;
using Lakegate.Grains.Ingest;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Journal;
using Lakegate.Silo.Postgres;
using Npgsql;

namespace Lakegate.Durable.Tests;

/// <summary>
/// A request with an Idempotency-Key is stored once per device however many activations of the device see it:
/// the journal claims (device_id, idempotency_key) in the statement that writes the rows.
/// </summary>
public sealed class IdempotencyClaimTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_request_whose_key_is_already_stored_writes_nothing_and_the_first_one_is_read_back()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();

        Assert.Equal(JournalAppendOutcome.Appended, await journal.AppendAsync(Keyed("device-a", 1, 3, "k1")));
        Assert.Equal(JournalAppendOutcome.AlreadyStored, await journal.AppendAsync(Keyed("device-a", 1001, 2, "k1")));
        Assert.Equal(JournalAppendOutcome.Appended, await journal.AppendAsync(Keyed("device-b", 1, 2, "k1")));
        Assert.Equal(JournalAppendOutcome.Appended, await journal.AppendAsync(Readings.Batch("device-a", 4, 2)));

        Assert.Equal(7, await database.CountRowsAsync());
        Assert.Equal(0, await database.CountRowsAsync("SELECT count(*) FROM lakegate_journal WHERE seq > 1000"));
        var stored = await journal.ReadRememberedRequestAsync("device-a", "k1");
        Assert.NotNull(stored);
        Assert.Equal((1L, 3L, 3), (stored.FirstSeq, stored.LastSeq, stored.Accepted));
        Assert.Null(await journal.ReadRememberedRequestAsync("device-a", "never-sent"));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_same_records_appended_again_are_stored_once_and_reported_as_their_own()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();
        var batch = Keyed("device-a", 1, 4, "again");

        await journal.AppendAsync(batch);
        var second = await journal.AppendAsync(batch);

        // The caller tells its own earlier commit (same first sequence number) from another activation's.
        Assert.Equal(JournalAppendOutcome.AlreadyStored, second);
        Assert.Equal(1L, (await journal.ReadRememberedRequestAsync("device-a", "again"))!.FirstSeq);
        Assert.Equal(4, await database.CountRowsAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Two_silos_racing_with_one_key_store_exactly_one_of_the_requests()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var first = database.CreateJournal();
        await using var second = database.CreateJournal();

        for (var round = 0; round < 20; round++)
        {
            var key = $"race-{round}";
            var outcomes = await Task.WhenAll(
                Task.Run(async () => await first.AppendAsync(Keyed("device-r", (round * 100) + 1, 3, key))),
                Task.Run(async () => await second.AppendAsync(Keyed("device-r", (round * 100) + 51, 3, key))));

            Assert.Single(outcomes, o => o == JournalAppendOutcome.Appended);
            var stored = (await first.ReadRememberedRequestAsync("device-r", key))!;
            Assert.Equal(3, await database.CountRowsAsync(
                $"SELECT count(*) FROM lakegate_journal WHERE idempotency_key = '{key}' AND seq BETWEEN {stored.FirstSeq} AND {stored.LastSeq}"));
        }

        Assert.Equal(20 * 3, await database.CountRowsAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_key_stays_claimed_after_its_readings_are_delivered()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();
        var batch = Keyed("device-a", 1, 2, "delivered");
        await journal.AppendAsync(batch);
        await journal.RemoveAsync(batch);

        Assert.Equal(JournalAppendOutcome.AlreadyStored, await journal.AppendAsync(Keyed("device-a", 3, 2, "delivered")));
        Assert.Equal(0, await database.CountRowsAsync());
        Assert.Equal(2, (await journal.ReadCountsAsync("device-a"))!.Delivered);
        var remembered = await journal.ReadRememberedRequestsAsync("device-a", Readings.BaseTime.AddDays(-1));
        Assert.Equal(("delivered", 1L, 2L), (remembered.Single().IdempotencyKey, remembered.Single().FirstSeq, remembered.Single().LastSeq));
    }

    [Fact(Timeout = 180_000)]
    public async Task A_retry_reaching_a_second_activation_is_answered_with_the_first_ones_numbers_and_nothing_is_lost()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        await using var emulator = await LakegateDurableCluster.StartEmulatorAsync();
        IssuedKey key;
        IngestResult before;
        await using (var first = await LakegateDurableCluster.StartAsync(connectionString, emulator, silos: 1, clusterId: "claim-1"))
        {
            key = await first.ProvisionAsync("claim-device");
            before = await first.Grains.GetGrain<IDeviceGrain>("claim-device").Ingest(LakegateDurableCluster.Readings(key.Key, 1));
            await Wait.Until(() => Task.FromResult(emulator.State.GetRecords("claim-device").Count == 1));
            await first.Cluster.KillSiloAsync(first.Cluster.Silos[0]);
        }

        // The old activation's silo died without saving the device: a new activation takes a new block.
        await using var cluster = await LakegateDurableCluster.StartAsync(connectionString, emulator, silos: 1, clusterId: "claim-2");
        var device = cluster.Grains.GetGrain<IDeviceGrain>("claim-device");
        var fresh = await device.Ingest(LakegateDurableCluster.Readings(key.Key, 1));
        Assert.True(fresh.FirstSeq > before.LastSeq + 1, $"expected a new block after the crash, got {fresh.FirstSeq}");

        // The old activation, still running as far as it knows, stores a request under a key from its own block:
        // its 202 was sent, but the device did not get it and retries, and the retry reaches the new activation.
        var zombieSeq = before.LastSeq + 1;
        await using (var zombieSilo = NpgsqlDataSource.Create(connectionString))
        await using (var zombie = new PostgresReadingJournal(zombieSilo, new PostgresJournalOptions { SiloName = "zombie" }, TestLogging.For<PostgresReadingJournal>()))
        {
            Assert.Equal(JournalAppendOutcome.Appended, await zombie.AppendAsync(Keyed("claim-device", zombieSeq, 2, "lost-answer", DateTimeOffset.UtcNow)));
        }

        var retried = await device.Ingest(LakegateDurableCluster.Readings(key.Key, 2, idempotencyKey: "lost-answer"));
        Assert.Equal(IngestOutcome.Accepted, retried.Outcome);
        Assert.True(retried.Replayed);
        Assert.Equal((2, zombieSeq, zombieSeq + 1), (retried.Accepted, retried.FirstSeq, retried.LastSeq));
        var again = await device.Ingest(LakegateDurableCluster.Readings(key.Key, 2, idempotencyKey: "lost-answer"));
        Assert.Equal((zombieSeq, zombieSeq + 1), (again.FirstSeq, again.LastSeq));
        var next = await device.Ingest(LakegateDurableCluster.Readings(key.Key, 1, idempotencyKey: "next"));
        Assert.False(next.Replayed);
        Assert.True(next.FirstSeq > fresh.LastSeq);

        // The old activation's rows reach Databricks although the live activation never buffered them: the
        // journal sweep finds them old and the live activation sends what it did not know of.
        long[] expected = [before.FirstSeq, zombieSeq, zombieSeq + 1, fresh.FirstSeq, next.FirstSeq];
        await Wait.Until(() => Task.FromResult(emulator.State.GetRecords("claim-device").Count == expected.Length));
        Assert.Equal(expected.Order(), emulator.State.GetRecords("claim-device").Select(r => r.Seq).Order());
        await using var database = NpgsqlDataSource.Create(connectionString);
        await Wait.Until(async () =>
        {
            await using var count = database.CreateCommand("SELECT count(*) FROM lakegate_journal");
            return Convert.ToInt64(await count.ExecuteScalarAsync()) == 0;
        });
    }

    private static IReadOnlyList<TelemetryRecord> Keyed(string deviceId, long firstSeq, int count, string idempotencyKey, DateTimeOffset? receivedAt = null) =>
        Readings.Batch(deviceId, firstSeq, count)
            .Select(r => new TelemetryRecord(r.DeviceId, r.Seq, r.EventTime, receivedAt ?? r.ReceivedAt, r.Payload, idempotencyKey))
            .ToList();
}
