using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lakegate.Api.Admin;
using Lakegate.Api.Hosting;
using Lakegate.DatabricksEmulator;
using Lakegate.Silo;
using Lakegate.Silo.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Lakegate.Chaos.Tests;

/// <summary>
/// Lakegate in its production shape, in one process: a PostgreSQL server of its own (so that it can be
/// restarted), a cluster of durable silos on it, the Api as a separate Orleans client serving real HTTP, and
/// the Databricks emulator with its fault switches. Offers the faults a chaos run injects.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    public const string OperatorKey = "lgo_chaos-operator-key-0123456789abcdef";

    private readonly PostgresServer _postgres;
    private readonly Lock _silosGate = new();

    private ChaosCluster(PostgresServer postgres, string connectionString, DatabricksEmulatorServer emulator, TestCluster cluster, LakegateHost api)
    {
        _postgres = postgres;
        ConnectionString = connectionString;
        Emulator = emulator;
        Cluster = cluster;
        Api = api;
        Http = new HttpClient { BaseAddress = api.ApiUrl, Timeout = TimeSpan.FromSeconds(20) };
    }

    public string ConnectionString { get; }

    public DatabricksEmulatorServer Emulator { get; }

    public TestCluster Cluster { get; }

    public LakegateHost Api { get; }

    /// <summary>A client of the Api, as devices and operators use it.</summary>
    public HttpClient Http { get; }

    /// <summary>Silos started as replacements for killed or stopped ones.</summary>
    public int ReplacementsStarted { get; private set; }

    /// <param name="settings">Silo configuration on top of the chaos defaults (flush age, retry delays, ...).</param>
    public static async Task<ChaosCluster> StartAsync(string name, short silos = 3, IDictionary<string, string?>? settings = null)
    {
        var postgres = await PostgresServer.StartThrowawayAsync();
        DatabricksEmulatorServer? emulator = null;
        TestCluster? cluster = null;
        try
        {
            var connectionString = await postgres.CreateDatabaseAsync();
            emulator = await DatabricksEmulatorServer.StartAsync(new EmulatorOptions { ClientId = EmulatorClient.Id, ClientSecret = EmulatorClient.Secret });
            var clusterId = $"chaos-{name}";
            cluster = await StartSilosAsync(connectionString, emulator, clusterId, silos, settings);
            var api = await LakegateHost.StartAsync([], new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["ConnectionStrings:Postgres"] = connectionString,
                ["Orleans:ClusterId"] = clusterId,
                ["Orleans:ResponseTimeout"] = "00:00:10",
                ["Operators:ApiKeys:0"] = OperatorKey,
                ["RateLimits:DeviceRequestsPerSecond"] = "100000",
                ["RateLimits:DeviceBurst"] = "100000",
                ["RateLimits:FailedAuthenticationsPerMinute"] = "100000",
                ["Logging:LogLevel:Default"] = "Error",
            });
            return new ChaosCluster(postgres, connectionString, emulator, cluster, api);
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates devices through the Api's bulk endpoint; returns their keys by device id.</summary>
    public async Task<Dictionary<string, string>> ProvisionAsync(IReadOnlyList<string> deviceIds)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/devices/bulk")
        {
            Content = JsonContent.Create(new { devices = deviceIds.Select(id => new { deviceId = id }) }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"bulk provisioning answered {(int)response.StatusCode}: {body}");
        var result = System.Text.Json.JsonSerializer.Deserialize<BulkProvisioningResult>(body, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        Assert.Equal(deviceIds.Count, result.Created);
        return result.Results.ToDictionary(r => r.DeviceId, r => r.Key!, StringComparer.Ordinal);
    }

    /// <summary>The silos alive right now (killed and stopped ones leave the list).</summary>
    public IReadOnlyList<SiloHandle> LiveSilos()
    {
        lock (_silosGate)
        {
            return [.. Cluster.Silos.Where(s => s.IsActive)];
        }
    }

    /// <summary>Kills (no shutdown at all) or gracefully stops the silo picked by <paramref name="target"/>, then starts a replacement.</summary>
    public async Task ReplaceSiloAsync(int target, bool graceful)
    {
        var live = LiveSilos();
        var victim = live[target % live.Count];
        if (graceful)
        {
            await Cluster.StopSiloAsync(victim);
        }
        else
        {
            await Cluster.KillSiloAsync(victim);
        }

        await StartReplacementAsync();
    }

    /// <summary>The live silo with the most device grain activations, and how many it has.</summary>
    public async Task<(SiloHandle Silo, int Devices)> SiloHostingMostDevicesAsync()
    {
        var activations = await Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return LiveSilos()
            .Select(s => (Silo: s, Devices: activations.Count(a => a.SiloAddress.Equals(s.SiloAddress) && a.GrainType.Contains(nameof(Grains.DeviceGrain), StringComparison.Ordinal))))
            .OrderByDescending(s => s.Devices)
            .First();
    }

    /// <summary>Starts one more silo, retrying while PostgreSQL is briefly unreachable.</summary>
    public async Task StartReplacementAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // New ports: the test cluster would otherwise reuse ports derived from its count of running silos,
                // which can be those of a silo that is still alive.
                await Cluster.StartAdditionalSiloAsync(startAdditionalSiloOnNewPort: true);
                ReplacementsStarted++;
                return;
            }
            catch (Exception) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    /// <summary>Stops PostgreSQL (open connections are cut), keeps it down for a while, and starts it again.</summary>
    public async Task RestartPostgresAsync(TimeSpan down)
    {
        await _postgres.StopAsync();
        await Task.Delay(down);
        await _postgres.StartAsync();
    }

    /// <summary>Rows in the reading journal: acknowledged readings not yet confirmed delivered.</summary>
    public async Task<long> JournalRowsAsync() => await ScalarAsync("SELECT count(*) FROM lakegate_journal");

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Api.DisposeAsync();
        try
        {
            // Bounded: a run that failed may leave a silo unable to stop gracefully; disposing ends it anyway.
            await Cluster.StopAllSilosAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception)
        {
            // Silos may have been killed already; the cluster is disposed below either way.
        }

        await Cluster.DisposeAsync();
        await Emulator.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private static async Task<TestCluster> StartSilosAsync(
        string connectionString, DatabricksEmulatorServer emulator, string clusterId, short silos, IDictionary<string, string?>? settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Databricks:Host"] = emulator.BaseUrl.ToString(),
            ["Databricks:ClientId"] = EmulatorClient.Id,
            ["Databricks:ClientSecret"] = EmulatorClient.Secret,
            ["Databricks:AppUrl"] = emulator.AppIngestUrl.ToString(),
            ["Databricks:RequestTimeout"] = "00:00:03",
            ["Databricks:TokenRefresh:RetryDelay"] = "00:00:00.500",
            ["Databricks:TokenRefresh:MaxRetryDelay"] = "00:00:02",
            ["Databricks:TokenRefresh:RequestTimeout"] = "00:00:05",
            ["Credentials:HashSecret"] = Convert.ToBase64String(new byte[32]),
            ["Ingest:FlushMaxAge"] = "00:00:00.500",
            ["Delivery:Linger"] = "00:00:00.050",
            ["Delivery:MaxRecordsPerRequest"] = "200",
            ["Delivery:RetryDelay"] = "00:00:00.100",
            ["Delivery:MaxRetryDelay"] = "00:00:01",
            ["Journal:SweepInterval"] = "00:00:02",
            ["Journal:OrphanAge"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        values[ChaosSiloConfigurator.ConnectionStringKey] = connectionString;
        var builder = new TestClusterBuilder(silos);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = LakegateSiloConfiguration.ServiceId;
        builder.Options.ConfigureFileLogging = false;
        // Real sockets and PostgreSQL membership, so that the Api (a separate Orleans client) can reach the silos.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.UseTestClusterMembership = false;
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(values));
        builder.AddSiloBuilderConfigurator<ChaosSiloConfigurator>();
        builder.AddClientBuilderConfigurator<ChaosSiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static class EmulatorClient
    {
        public const string Id = "chaos-tests";
        public const string Secret = "chaos-tests-secret";
    }
}
