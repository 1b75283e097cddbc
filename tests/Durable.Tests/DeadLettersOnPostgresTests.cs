using Lakegate.Durable.Tests.Infrastructure;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Interfaces;
using Lakegate.Silo.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lakegate.Durable.Tests;

/// <summary>Parking moves refused readings out of the journal into a table, in one statement; replay moves them back.</summary>
public sealed class DeadLettersOnPostgresTests
{
    [Fact(Timeout = 180_000)]
    public async Task Refused_readings_leave_the_journal_for_the_dead_letter_table_and_replay_delivers_them()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        await using var emulator = await LakegateDurableCluster.StartEmulatorAsync();
        await using var cluster = await LakegateDurableCluster.StartAsync(connectionString, emulator, clusterId: "dead-letters");
        Assert.IsType<PostgresDeadLetterStore>(cluster.Cluster.Silos[0].SiloHost.Services.GetRequiredService<IDeadLetterStore>());
        emulator.Faults.RejectPayloadsContaining = "POISON";
        var key = await cluster.ProvisionAsync("pg-poisoned");
        var device = cluster.Grains.GetGrain<IDeviceGrain>("pg-poisoned");
        var readings = Enumerable.Range(1, 6)
            .Select(i => new IngestReading(i == 4 ? "{\"v\":\"POISON\"}" : $"{{\"v\":{i}}}", DateTimeOffset.UtcNow))
            .ToArray();
        Assert.Equal(IngestOutcome.Accepted, (await device.Ingest(new IngestRequest(key.Key, readings, DateTimeOffset.UtcNow, null))).Outcome);

        await Wait.Until(async () => await Scalar(connectionString, "SELECT count(*) FROM lakegate_journal") == 0, TimeSpan.FromSeconds(60));
        Assert.Equal(1L, await Scalar(connectionString, "SELECT count(*) FROM lakegate_dead_letters WHERE device_id = 'pg-poisoned' AND seq = 4"));
        var parked = (await device.GetSnapshot())!;
        Assert.Equal((6L, 5L, 0L, 1L), (parked.Accepted, parked.Delivered, parked.Buffered, parked.DeadLettered));

        emulator.Faults.RejectPayloadsContaining = null;
        Assert.Equal(1, await device.ReplayDeadLetters());
        await Wait.Until(async () => (await device.GetSnapshot())!.Delivered == 6, TimeSpan.FromSeconds(60));
        Assert.Equal(0L, await Scalar(connectionString, "SELECT count(*) FROM lakegate_dead_letters"));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), emulator.State.GetRecords("pg-poisoned").Select(r => r.Seq));
    }

    private static async Task<long> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
