using Lakegate.Durable.Tests.Infrastructure;
using Lakegate.Durable.Tests.TestGrains;
using Lakegate.Grains.Journal;
using Lakegate.Silo.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Lakegate.Durable.Tests;

/// <summary>Orleans ADO.NET clustering and grain storage, configured by <see cref="PostgresSiloConfiguration"/>, on a real server.</summary>
public sealed class OrleansOnPostgresTests
{
    [Fact(Timeout = 120_000)]
    public async Task Two_silos_starting_at_once_on_an_empty_database_both_join_and_serve()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        await using var cluster = PostgresTestCluster.Create(connectionString, "empty-db", "lakegate-tests");

        await cluster.DeployAsync();

        Assert.Equal(2, cluster.GetActiveSilos().Count());
        Assert.Equal(2L, await ScalarAsync(connectionString, "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = 'empty-db' AND Status = 3"));
        Assert.Equal((long)SchemaScript.All.Count, await ScalarAsync(connectionString, "SELECT count(*) FROM lakegate_schema_script"));
        Assert.Equal(1, await cluster.Client.GetGrain<ICounterGrain>("first").IncrementAsync());
        foreach (var silo in cluster.Silos)
        {
            var journal = silo.SiloHost.Services.GetRequiredService<IReadingJournal>();
            Assert.IsType<PostgresReadingJournal>(journal);
            Assert.True(journal.IsDurable);
            await journal.AppendAsync([Readings.Record(silo.Name, 1)]);
            Assert.Equal(1L, await ScalarAsync(connectionString,
                $"SELECT count(*) FROM lakegate_journal WHERE device_id = '{silo.Name}' AND silo = '{silo.SiloAddress.ToParsableString()}'"));
        }

        await cluster.StopAllSilosAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Grain_state_written_before_a_full_cluster_restart_is_read_back_after_it()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        const string serviceId = "lakegate-restart";
        var keys = Enumerable.Range(0, 20).Select(i => $"device-{i}").ToList();

        await using (var first = PostgresTestCluster.Create(connectionString, "restart", serviceId))
        {
            await first.DeployAsync();
            foreach (var key in keys)
            {
                var grain = first.Client.GetGrain<ICounterGrain>(key);
                await grain.IncrementAsync();
                await grain.IncrementAsync();
            }

            await first.StopAllSilosAsync();
        }

        await using var second = PostgresTestCluster.Create(connectionString, "restart", serviceId);
        await second.DeployAsync();

        foreach (var key in keys)
        {
            Assert.Equal(2, await second.Client.GetGrain<ICounterGrain>(key).GetAsync());
        }

        Assert.Equal(3, await second.Client.GetGrain<ICounterGrain>(keys[0]).IncrementAsync());
        Assert.Equal((long)keys.Count, await ScalarAsync(connectionString, "SELECT count(*) FROM OrleansStorage WHERE GrainTypeString = 'durable-tests-counter'"));
        Assert.Equal(1L, await ScalarAsync(connectionString,
            "SELECT count(*) FROM OrleansStorage WHERE GrainTypeString = 'durable-tests-counter' AND GrainIdExtensionString IS NOT NULL AND Version = 3"));
        await second.StopAllSilosAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
