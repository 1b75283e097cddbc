using System.Diagnostics;
using System.Runtime.InteropServices;
using Npgsql;

namespace Lakegate.Tests.Support;

/// <summary>
/// A PostgreSQL server for tests: either a throwaway one started from the machine's PostgreSQL binaries (its own
/// data directory in a temp folder, listening on a free port on 127.0.0.1 only, unix socket in the temp folder,
/// fsync off), or an existing one named by the <c>LAKEGATE_TEST_POSTGRES</c> connection string.
/// </summary>
/// <remarks>
/// When the tests run as root, the binaries run as the <c>postgres</c> OS user (PostgreSQL refuses to run as
/// root) and the temp folder is handed to that user. The server's time zone is deliberately not UTC, so that any
/// timestamp converted through the session time zone shows up as a wrong value in the tests.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Environment variable with a connection string to an existing server to use instead of a throwaway one.</summary>
    public const string ExternalServerVariable = "LAKEGATE_TEST_POSTGRES";

    /// <summary>Environment variable naming the directory of initdb/pg_ctl, when not the default.</summary>
    public const string BinariesVariable = "LAKEGATE_TEST_POSTGRES_BIN";

    /// <summary>A time zone far from UTC with a non-whole-hour offset (+12:45 / +13:45).</summary>
    public const string ServerTimeZone = "Pacific/Chatham";

    private const string ServiceUser = "postgres";
    private const string FolderPrefix = "lakegate-pg-";
    private static readonly TimeSpan ReadinessDeadline = TimeSpan.FromSeconds(30);

    private readonly string? binaries;
    private readonly string? rootDirectory;
    private readonly string adminConnectionString;

    private PostgresServer(string? binaries, string? rootDirectory, int port, string adminConnectionString)
    {
        this.binaries = binaries;
        this.rootDirectory = rootDirectory;
        Port = port;
        this.adminConnectionString = adminConnectionString;
    }

    /// <summary>True for a server this fixture started (and can stop, start and delete).</summary>
    public bool IsThrowaway => rootDirectory is not null;

    public int Port { get; }

    /// <summary>The directory holding initdb and pg_ctl, or null when none is installed.</summary>
    public static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable(BinariesVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        const string preferred = "/usr/lib/postgresql/15/bin";
        if (File.Exists(Path.Combine(preferred, "pg_ctl")))
        {
            return preferred;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
    }

    /// <summary>The server named by <see cref="ExternalServerVariable"/> if set, else a new throwaway server.</summary>
    public static Task<PostgresServer> StartSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        return string.IsNullOrWhiteSpace(external)
            ? StartThrowawayAsync()
            : Task.FromResult(new PostgresServer(null, null, new NpgsqlConnectionStringBuilder(external).Port, external));
    }

    /// <summary>Creates and starts a new throwaway server.</summary>
    public static async Task<PostgresServer> StartThrowawayAsync()
    {
        var binaries = FindBinaries()
            ?? throw new InvalidOperationException($"No PostgreSQL server binaries found (install postgresql-15, set {BinariesVariable}, or set {ExternalServerVariable}).");
        SweepAbandonedFolders();
        var root = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", root], asServiceUser: false).ConfigureAwait(false);
            }

            await RunAsync(Path.Combine(binaries, "initdb"),
                ["-D", DataDirectory(root), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
                asServiceUser: true).ConfigureAwait(false);

            // A port found free can be taken by someone else before the server binds it: try a few.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort.Next();
                var server = new PostgresServer(binaries, root, port, AdminConnectionString(port));
                try
                {
                    await server.StartAsync().ConfigureAwait(false);
                    return server;
                }
                catch (Exception) when (attempt < 3)
                {
                    await server.StopAsync(immediate: true).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>Creates a fresh, empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"lg_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Starts the (stopped) throwaway server on its port and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var binaries = RequireThrowaway();
        var root = rootDirectory!;
        var options = string.Join(' ',
            "-c listen_addresses=127.0.0.1",
            $"-c port={Port}",
            $"-c unix_socket_directories={root}",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            "-c max_connections=300",
            $"-c timezone={ServerTimeZone}");
        await RunAsync(Path.Combine(binaries, "pg_ctl"),
            ["-D", DataDirectory(root), "-l", Path.Combine(root, "server.log"), "-o", options, "-w", "-t", "30", "start"],
            asServiceUser: true).ConfigureAwait(false);
        await WaitUntilReadyAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the throwaway server (fast shutdown: open connections are cut), keeping its data.</summary>
    public Task StopAsync() => StopAsync(immediate: false);

    public ValueTask DisposeAsync()
    {
        Destroy();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Synchronously and quickly ends a throwaway server (immediate shutdown, by signal) and deletes its folder.
    /// Synchronous so that it can run while the test process exits.
    /// </summary>
    public void Destroy()
    {
        if (rootDirectory is null)
        {
            return;
        }

        var pidFile = Path.Combine(DataDirectory(rootDirectory), "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var postmaster))
        {
            _ = SendSignal(postmaster, ImmediateShutdownSignal);
            var deadline = Stopwatch.StartNew();
            while (File.Exists(pidFile) && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(20);
            }
        }

        // Deleting a data directory takes longer than the test runner waits for an exiting test process, so the
        // deletion runs in a process of its own that outlives this one. Leftovers are swept at the next start.
        try
        {
            using var remover = Process.Start(new ProcessStartInfo("rm", ["-rf", rootDirectory]) { UseShellExecute = false });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TryDelete(rootDirectory);
        }
    }

    private async Task StopAsync(bool immediate)
    {
        var binaries = RequireThrowaway();
        var dataDirectory = DataDirectory(rootDirectory!);
        if (!File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            return;
        }

        await RunAsync(Path.Combine(binaries, "pg_ctl"),
            ["-D", dataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "30", "stop"],
            asServiceUser: true, throwOnFailure: !immediate).ConfigureAwait(false);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(adminConnectionString + ";Pooling=false;Timeout=2");
                await connection.OpenAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (deadline.Elapsed < ReadinessDeadline)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    private string RequireThrowaway() =>
        binaries ?? throw new NotSupportedException($"The server from {ExternalServerVariable} is not managed by the tests.");

    private static string DataDirectory(string root) => Path.Combine(root, "data");

    private static string AdminConnectionString(int port) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Timeout = 5,
        }.ConnectionString;

    /// <summary>Deletes folders of earlier runs whose server is not running and that are old enough not to be starting right now.</summary>
    private static void SweepAbandonedFolders()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (!File.Exists(Path.Combine(DataDirectory(folder), "postmaster.pid"))
                && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow - TimeSpan.FromMinutes(10))
            {
                TryDelete(folder);
            }
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServiceUser, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asServiceUser && Environment.IsPrivilegedProcess)
        {
            start.FileName = "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(ServiceUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0 && throwOnFailure)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}");
        }
    }

    /// <summary>SIGQUIT: PostgreSQL's immediate shutdown.</summary>
    private const int ImmediateShutdownSignal = 3;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);

    private static void TryDelete(string directory)
    {
        // Right after an immediate shutdown the server's last processes may still be removing files.
        for (var attempt = 1; attempt <= 20 && Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
