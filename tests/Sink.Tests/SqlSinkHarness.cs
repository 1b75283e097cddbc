using Lakegate.DatabricksEmulator;
using Lakegate.Grains.Databricks;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Hosting;
using Lakegate.Grains.Ingest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lakegate.Sink.Tests;

/// <summary>
/// An emulated workspace on real HTTP and the silo's services configured for the SQL sink, with tokens
/// from a <see cref="TokenCache"/> instead of the cluster.
/// </summary>
public sealed class SqlSinkHarness : IAsyncDisposable
{
    public const string ClientId = "sql-sink-tests";
    public const string ClientSecret = "sql-sink-secret";
    public const string Table = "main.telemetry.readings";

    private TokenCache? _tokens;

    private SqlSinkHarness(DatabricksEmulatorServer emulator, ServiceProvider services)
    {
        Emulator = emulator;
        Services = services;
    }

    public DatabricksEmulatorServer Emulator { get; }

    public ServiceProvider Services { get; }

    public ITelemetrySink Sink => Services.GetRequiredService<ITelemetrySink>();

    public static async Task<SqlSinkHarness> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var emulator = await DatabricksEmulatorServer.StartAsync(new EmulatorOptions { ClientId = ClientId, ClientSecret = ClientSecret });
        var values = new Dictionary<string, string?>
        {
            ["Databricks:Host"] = emulator.BaseUrl.ToString(),
            ["Databricks:ClientId"] = ClientId,
            ["Databricks:ClientSecret"] = ClientSecret,
            ["Databricks:RequestTimeout"] = "00:00:05",
            ["Databricks:Sink"] = "sql",
            ["Databricks:Sql:WarehouseId"] = "wh-tests",
            ["Databricks:Sql:Table"] = Table,
            ["Databricks:Sql:PollInterval"] = "00:00:00.020",
            ["Databricks:Sql:MaxPollTime"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        SqlSinkHarness? harness = null;
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IAccessTokenProvider>(_ => new TokenCacheProvider(() => harness!._tokens!));
        services.AddLakegateGrainServices(configuration);
        configureServices?.Invoke(services);
        var provider = services.BuildServiceProvider();
        harness = new SqlSinkHarness(emulator, provider);
        harness._tokens = new TokenCache("default", provider.GetRequiredService<ITokenSource>(), TimeProvider.System, new TokenCacheOptions(), NullLogger.Instance);
        return harness;
    }

    public static SinkBatch Batch(string device, int count, int firstSeq = 1) =>
        new(Guid.NewGuid().ToString("N"), Enumerable.Range(firstSeq, count)
            .Select(i => Reading(device, i, $"{{\"i\":{i}}}")).ToArray());

    public static TelemetryRecord Reading(string device, long seq, string payload) =>
        new(device, seq, DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow, payload);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
