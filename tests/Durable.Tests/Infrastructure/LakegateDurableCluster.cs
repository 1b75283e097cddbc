using System.Reflection;
using Lakegate.DatabricksEmulator;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Journal;
using Lakegate.Silo;
using Lakegate.Silo.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Lakegate.Durable.Tests.Infrastructure;

/// <summary>
/// Lakegate's own grains in durable mode on a real PostgreSQL, several silos, delivering to the
/// Databricks emulator over HTTP: the production wiring, in one process.
/// </summary>
public sealed class LakegateDurableCluster : IAsyncDisposable
{
    private LakegateDurableCluster(InProcessTestCluster cluster, DatabricksEmulatorServer emulator, string connectionString)
    {
        Cluster = cluster;
        Emulator = emulator;
        ConnectionString = connectionString;
    }

    public InProcessTestCluster Cluster { get; }

    public DatabricksEmulatorServer Emulator { get; }

    public string ConnectionString { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<LakegateDurableCluster> StartAsync(
        string connectionString,
        DatabricksEmulatorServer emulator,
        short silos = 2,
        string clusterId = "durable",
        IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Databricks:Host"] = emulator.BaseUrl.ToString(),
            ["Databricks:ClientId"] = EmulatorClient.Id,
            ["Databricks:ClientSecret"] = EmulatorClient.Secret,
            ["Databricks:AppUrl"] = emulator.AppIngestUrl.ToString(),
            ["Databricks:RequestTimeout"] = "00:00:05",
            ["Credentials:HashSecret"] = Convert.ToBase64String(new byte[32]),
            ["Ingest:FlushMaxAge"] = "00:00:00.300",
            ["Delivery:Linger"] = "00:00:00.020",
            ["Delivery:MaxRetryDelay"] = "00:00:01",
            ["Journal:SweepInterval"] = "00:00:01",
            ["Journal:OrphanAge"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = LakegateSiloConfiguration.ServiceId;
        builder.Options.ConfigureFileLogging = false;
        DisableTestMembership(builder.Options);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseLakegatePostgres(connectionString);
            silo.AddLakegateGrains(configuration);
        });
        builder.ConfigureClient(client => client.UseLakegatePostgresClustering(connectionString));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new LakegateDurableCluster(cluster, emulator, connectionString);
    }

    public static Task<DatabricksEmulatorServer> StartEmulatorAsync() =>
        DatabricksEmulatorServer.StartAsync(new EmulatorOptions { ClientId = EmulatorClient.Id, ClientSecret = EmulatorClient.Secret });

    public async Task<IssuedKey> ProvisionAsync(string deviceId)
    {
        var result = await Grains.GetGrain<IDeviceGrain>(deviceId).Provision(new ProvisionRequest(null));
        Assert.True(result.Created, $"device {deviceId} already existed");
        return result.Key!;
    }

    public static IngestRequest Readings(string key, int count, string? idempotencyKey = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new IngestRequest(key, Enumerable.Range(0, count).Select(i => new IngestReading($"{{\"i\":{i}}}", now)).ToArray(), now, idempotencyKey);
    }

    public IReadingJournal JournalOf(int siloIndex) =>
        Cluster.Silos[siloIndex].SiloHost.Services.GetRequiredService<IReadingJournal>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        catch (Exception)
        {
            // A test may already have killed silos.
        }

        await Cluster.DisposeAsync();
    }

    private static void DisableTestMembership(InProcessTestClusterOptions options) =>
        (typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterMembership not found")).SetValue(options, false);

    private static class EmulatorClient
    {
        public const string Id = "durable-tests";
        public const string Secret = "durable-tests-secret";
    }
}
