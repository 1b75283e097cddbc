using Lakegate.Silo.Postgres;
using Npgsql;

namespace Lakegate.Durable.Tests.Infrastructure;

/// <summary>A fresh database with Lakegate's whole schema applied (Orleans tables and the journal), and a data source to it.</summary>
public sealed class LakegateDatabase : IAsyncDisposable
{
    private LakegateDatabase(string connectionString, NpgsqlDataSource dataSource)
    {
        ConnectionString = connectionString;
        DataSource = dataSource;
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<LakegateDatabase> CreateAsync(PostgresServer? server = null)
    {
        var connectionString = server is null ? await SharedPostgres.CreateDatabaseAsync() : await server.CreateDatabaseAsync();
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await new PostgresSchemaInstaller(dataSource, TestLogging.For<PostgresSchemaInstaller>()).InstallAsync();
        return new LakegateDatabase(connectionString, dataSource);
    }

    public PostgresReadingJournal CreateJournal(Action<PostgresJournalOptions>? configure = null)
    {
        var options = new PostgresJournalOptions { SiloName = "test-silo" };
        configure?.Invoke(options);
        return new PostgresReadingJournal(DataSource, options, TestLogging.For<PostgresReadingJournal>());
    }

    public async Task<long> CountRowsAsync(string sql = "SELECT count(*) FROM lakegate_journal")
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
