using Lakegate.Durable.Tests.Infrastructure;
using Lakegate.Silo.Postgres;
using Npgsql;

namespace Lakegate.Durable.Tests;

public sealed class SchemaInstallerTests
{
    /// <summary>Every query key Microsoft.Orleans.Clustering.AdoNet and Persistence.AdoNet 10.4.2 look up.</summary>
    private static readonly string[] OrleansQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
    ];

    [Fact(Timeout = 60_000)]
    public async Task Applies_everything_on_an_empty_database_and_nothing_on_the_second_run()
    {
        await using var dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        var installer = new PostgresSchemaInstaller(dataSource, TestLogging.For<PostgresSchemaInstaller>());

        var first = await installer.InstallAsync();
        var second = await installer.InstallAsync();

        Assert.Equal(SchemaScript.All.Select(s => s.Name), first.AppliedScripts);
        Assert.True(second.WasUpToDate);
        Assert.Equal(SchemaScript.All.Select(s => s.Name), second.CurrentScripts);
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_script_can_be_applied_again_over_an_existing_schema()
    {
        await using var dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        await new PostgresSchemaInstaller(dataSource, TestLogging.For<PostgresSchemaInstaller>()).InstallAsync();

        foreach (var script in SchemaScript.All)
        {
            await using var command = dataSource.CreateCommand(script.Text);
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(OrleansQueryKeys.Length, await CountAsync(dataSource, "SELECT count(*) FROM OrleansQuery"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_changed_script_is_applied_again_and_only_that_one()
    {
        await using var dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        var installer = new PostgresSchemaInstaller(dataSource, TestLogging.For<PostgresSchemaInstaller>());
        await installer.InstallAsync();
        await using (var command = dataSource.CreateCommand("UPDATE lakegate_schema_script SET sha256 = 'old' WHERE script_name = '04-reading-journal.sql'"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var result = await installer.InstallAsync();

        Assert.Equal(["04-reading-journal.sql"], result.AppliedScripts);
    }

    [Fact(Timeout = 60_000)]
    public async Task Four_installers_racing_on_an_empty_database_all_succeed_and_the_schema_is_applied_once()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            using var start = new Barrier(4);
            var results = await Task.WhenAll(dataSources.Select(dataSource => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await new PostgresSchemaInstaller(dataSource, TestLogging.For<PostgresSchemaInstaller>()).InstallAsync();
            })));

            Assert.Equal(SchemaScript.All.Count, results.Sum(r => r.AppliedScripts.Count));
            Assert.Single(results, r => !r.WasUpToDate);
            Assert.Equal(OrleansQueryKeys.Length, await CountAsync(dataSources[0], "SELECT count(*) FROM OrleansQuery"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Registers_exactly_the_query_keys_the_orleans_providers_need()
    {
        await using var dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        await new PostgresSchemaInstaller(dataSource, TestLogging.For<PostgresSchemaInstaller>()).InstallAsync();

        var keys = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
