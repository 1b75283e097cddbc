namespace Lakegate.Durable.Tests.Infrastructure;

/// <summary>
/// The one PostgreSQL server most test classes share (each test creates its own database on it). Started on
/// first use; stopped and deleted by <see cref="DurableTestFramework"/> when the test run ends.
/// </summary>
public static class SharedPostgres
{
    private static readonly Lock Gate = new();
    private static Task<PostgresServer>? server;

    public static Task<PostgresServer> GetAsync()
    {
        lock (Gate)
        {
            return server ??= PostgresServer.StartSharedAsync();
        }
    }

    /// <summary>Creates a fresh, empty database on the shared server.</summary>
    public static async Task<string> CreateDatabaseAsync() => await (await GetAsync()).CreateDatabaseAsync();

    /// <summary>Ends and deletes the shared server if this process started one. Synchronous: it also runs at process exit.</summary>
    public static void Stop()
    {
        lock (Gate)
        {
            if (server is { IsCompletedSuccessfully: true })
            {
                server.Result.Destroy();
            }

            server = null;
        }
    }
}
