using Lakegate.Durable.Tests.Infrastructure;
using Lakegate.Grains.Interfaces;
using Npgsql;

namespace Lakegate.Durable.Tests;

/// <summary>Device grains in durable mode on PostgreSQL: restarts, a killed silo, and the journal.</summary>
public sealed class DeviceDurabilityTests
{
    [Fact(Timeout = 180_000)]
    public async Task Credentials_sequence_numbers_and_counts_survive_a_full_cluster_restart()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        await using var emulator = await LakegateDurableCluster.StartEmulatorAsync();
        IssuedKey key;
        long lastSeq;
        long firstOfSecond;
        await using (var first = await LakegateDurableCluster.StartAsync(connectionString, emulator, clusterId: "restart-1"))
        {
            key = await first.ProvisionAsync("restart-device");
            var device = first.Grains.GetGrain<IDeviceGrain>("restart-device");
            Assert.Equal(IngestOutcome.Accepted, (await device.Ingest(LakegateDurableCluster.Readings(key.Key, 3))).Outcome);
            var second = await device.Ingest(LakegateDurableCluster.Readings(key.Key, 2, idempotencyKey: "second"));
            lastSeq = second.LastSeq;
            firstOfSecond = second.FirstSeq;
            await Wait.Until(async () => (await device.GetSnapshot())!.Delivered == 5);
        }

        await using var restarted = await LakegateDurableCluster.StartAsync(connectionString, emulator, clusterId: "restart-2");
        var again = restarted.Grains.GetGrain<IDeviceGrain>("restart-device");

        // A retry of a delivered request after the restart is answered as the first time and stores nothing.
        var retried = await again.Ingest(LakegateDurableCluster.Readings(key.Key, 2, idempotencyKey: "second"));
        Assert.True(retried.Replayed);
        Assert.Equal((firstOfSecond, lastSeq), (retried.FirstSeq, retried.LastSeq));
        var afterRestart = await again.Ingest(LakegateDurableCluster.Readings(key.Key, 1));
        Assert.Equal(IngestOutcome.Accepted, afterRestart.Outcome);
        Assert.True(afterRestart.FirstSeq > lastSeq, $"sequence number {afterRestart.FirstSeq} reused after restart (last was {lastSeq})");
        await Wait.Until(async () => (await again.GetSnapshot())!.Delivered == 6);
        var snapshot = (await again.GetSnapshot())!;
        Assert.Equal(6, snapshot.Accepted);
        Assert.Equal(0, snapshot.Buffered);
        Assert.Equal(6, emulator.State.GetRecords("restart-device").Count);
        Assert.Equal(0L, await Scalar(connectionString, "SELECT count(*) FROM lakegate_journal"));
    }

    [Fact(Timeout = 240_000)]
    public async Task A_killed_silo_loses_no_acknowledged_reading_and_no_sequence_number_is_reused()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        await using var emulator = await LakegateDurableCluster.StartEmulatorAsync();
        await using var cluster = await LakegateDurableCluster.StartAsync(connectionString, emulator, silos: 3, clusterId: "kill");
        var devices = Enumerable.Range(1, 24).Select(i => $"kill-{i}").ToArray();
        var keys = new Dictionary<string, string>();
        foreach (var device in devices)
        {
            keys[device] = (await cluster.ProvisionAsync(device)).Key;
        }

        // Databricks is down: everything acknowledged sits in buffers, batchers and the journal.
        emulator.Faults.AppDown = true;
        var acknowledged = new Dictionary<string, List<long>>();
        foreach (var device in devices)
        {
            var result = await cluster.Grains.GetGrain<IDeviceGrain>(device).Ingest(LakegateDurableCluster.Readings(keys[device], 4, idempotencyKey: "before-kill"));
            Assert.Equal(IngestOutcome.Accepted, result.Outcome);
            acknowledged[device] = [.. Range(result.FirstSeq, result.LastSeq)];
        }

        Assert.Equal(devices.Length * 4L, await Scalar(connectionString, "SELECT count(*) FROM lakegate_journal"));

        // Kill a silo that holds some of those devices (not the one the client happens to use first).
        var victim = cluster.Cluster.Silos[^1];
        await cluster.Cluster.KillSiloAsync(victim);
        emulator.Faults.AppDown = false;

        // Half the devices keep ingesting (those that lived on the dead silo come back elsewhere);
        // the other half never send again, and only the journal sweep can deliver their readings.
        var silent = devices.Where((_, i) => i % 2 == 1).ToHashSet();
        foreach (var device in devices.Where(d => !silent.Contains(d)))
        {
            IngestResult result = null!;
            await Wait.Until(async () =>
            {
                try
                {
                    result = await cluster.Grains.GetGrain<IDeviceGrain>(device).Ingest(LakegateDurableCluster.Readings(keys[device], 1, idempotencyKey: "after-kill"));
                    return result.Outcome == IngestOutcome.Accepted;
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(90));
            // The same request again (its answer was lost with the silo, say): the same numbers, nothing stored twice.
            var retried = await cluster.Grains.GetGrain<IDeviceGrain>(device).Ingest(LakegateDurableCluster.Readings(keys[device], 4, idempotencyKey: "before-kill"));
            Assert.True(retried.Replayed, $"{device}: a retry after the crash was stored again");
            Assert.Equal((acknowledged[device][0], acknowledged[device][3]), (retried.FirstSeq, retried.LastSeq));
            Assert.DoesNotContain(result.FirstSeq, acknowledged[device]);
            Assert.True(result.FirstSeq > acknowledged[device].Max(), $"{device}: sequence number {result.FirstSeq} not above the ones before the crash");
            acknowledged[device].Add(result.FirstSeq);
        }

        await Wait.Until(async () => await Scalar(connectionString, "SELECT count(*) FROM lakegate_journal") == 0, TimeSpan.FromSeconds(90));
        foreach (var device in devices)
        {
            var stored = emulator.State.GetRecords(device).Select(r => r.Seq).ToArray();
            Assert.Equal(acknowledged[device], stored);
            var expected = silent.Contains(device) ? 4 : 5;
            var snapshot = (await cluster.Grains.GetGrain<IDeviceGrain>(device).GetSnapshot())!;
            Assert.Equal(expected, snapshot.Accepted);
            Assert.Equal(expected, snapshot.Delivered);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task A_gracefully_stopped_silo_hands_over_what_it_holds_and_nothing_is_lost()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        await using var emulator = await LakegateDurableCluster.StartEmulatorAsync();
        await using var cluster = await LakegateDurableCluster.StartAsync(connectionString, emulator, silos: 2, clusterId: "graceful",
            settings: new Dictionary<string, string?> { ["Ingest:FlushMaxAge"] = "00:10:00", ["Ingest:FlushMaxReadings"] = "1000" });
        var devices = Enumerable.Range(1, 16).Select(i => $"graceful-{i}").ToArray();
        var expected = new Dictionary<string, long[]>();
        foreach (var device in devices)
        {
            var key = await cluster.ProvisionAsync(device);
            var result = await cluster.Grains.GetGrain<IDeviceGrain>(device).Ingest(LakegateDurableCluster.Readings(key.Key, 3));
            expected[device] = [.. Range(result.FirstSeq, result.LastSeq)];
        }

        // Nothing has been flushed (10 min age, 1000 readings): the readings sit in device buffers on both silos.
        Assert.Equal(0, emulator.State.RecordCount);
        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos[^1]);

        // The stopped silo's devices flushed on deactivation and its pipeline drained before it left;
        // the survivor's devices flush when they are collected or woken. Wake them all.
        foreach (var device in devices)
        {
            await cluster.Grains.GetGrain<IDeviceGrain>(device).Recover();
        }

        await cluster.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Wait.Until(async () => await Scalar(connectionString, "SELECT count(*) FROM lakegate_journal") == 0, TimeSpan.FromSeconds(60));
        foreach (var device in devices)
        {
            // Exactly once after de-duplication by (device_id, seq): a device woken on the other silo while
            // its old activation's readings were still on their way sends them again, and the App drops those.
            Assert.Equal(expected[device], emulator.State.GetRecords(device).Select(r => r.Seq).ToArray());
        }
    }

    private static IEnumerable<long> Range(long first, long last)
    {
        for (var seq = first; seq <= last; seq++)
        {
            yield return seq;
        }
    }

    private static async Task<long> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
