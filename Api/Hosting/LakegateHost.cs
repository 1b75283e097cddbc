using Lakegate.Api.Admin;
using Lakegate.Api.Health;
using Lakegate.Api.Ingest;
using Lakegate.Api.Operators;
using Lakegate.Api.RateLimiting;
using Lakegate.DatabricksEmulator;
using Lakegate.Grains.Databricks;
using Lakegate.Silo;
using Lakegate.Silo.Postgres;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Lakegate.Api.Hosting;

/// <summary>
/// Builds and starts the Lakegate front door. With no configuration it is the embedded default: one
/// process with a co-hosted silo, in-memory state and the Databricks emulator on loopback.
/// </summary>
public sealed class LakegateHost : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The Prometheus scrape endpoint (unauthenticated, like most scrape endpoints).</summary>
    public const string MetricsPath = "/metrics";

    private LakegateHost(WebApplication app, Uri apiUrl, DatabricksEmulatorServer? emulator, string? generatedOperatorKey, LakegateMode mode)
    {
        App = app;
        ApiUrl = apiUrl;
        Emulator = emulator;
        GeneratedOperatorKey = generatedOperatorKey;
        Mode = mode;
    }

    public WebApplication App { get; }

    public Uri ApiUrl { get; }

    /// <summary>The in-process Databricks emulator when no workspace is configured.</summary>
    public DatabricksEmulatorServer? Emulator { get; }

    /// <summary>The operator key made up at start when none is configured (embedded default only).</summary>
    public string? GeneratedOperatorKey { get; }

    public LakegateMode Mode { get; }

    public IServiceProvider Services => App.Services;

    /// <param name="settings">Configuration that overrides everything else (tests use it).</param>
    /// <param name="configureServices">Extra service registrations applied last (tests use it).</param>
    public static async Task<LakegateHost> StartAsync(
        string[] args,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var operators = builder.Configuration.GetSection(OperatorOptions.SectionName).Get<OperatorOptions>() ?? new OperatorOptions();
        OperatorKeyRing.Validate(operators);
        var postgres = builder.Configuration.GetConnectionString("Postgres");
        var durable = !string.IsNullOrWhiteSpace(postgres);
        var clientOnly = durable && !builder.Configuration.GetValue("Api:CoHostSilo", false);
        DatabricksEmulatorServer? emulator = null;
        var embeddedDatabricks = !clientOnly && !DatabricksEnvironment.IsConfigured(builder.Configuration);
        if (embeddedDatabricks)
        {
            var (server, databricks) = await Hosting.EmbeddedDatabricks.StartAsync(builder.Configuration, cancellationToken);
            emulator = server;
            builder.Configuration.AddInMemoryCollection(databricks);
        }

        string? generatedOperatorKey = null;
        if (operators.ApiKeys.Count == 0)
        {
            generatedOperatorKey = OperatorKeyRing.Generate();
            operators.ApiKeys = [generatedOperatorKey];
        }

        builder.Services.AddSingleton(new OperatorKeyRing(operators.ApiKeys, operators.ReaderKeys));
        builder.Services.AddSingleton<OperatorAuthenticationFilter>();
        builder.Services.AddSingleton<DeviceGrainReferences>();
        builder.Services.AddOptions<TelemetryLimits>().Bind(builder.Configuration.GetSection(TelemetryLimits.SectionName))
            .Validate(l => l.MaxBodyBytes > 0 && l.MaxReadingsPerRequest > 0 && l.MaxIdempotencyKeyLength > 0, $"Every {TelemetryLimits.SectionName} limit must be positive.")
            .ValidateOnStart();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = FrameworkProblemCodes.Apply);
        builder.Services.AddDeviceRateLimiting(builder.Configuration);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"])
            .AddCheck<DatabricksTokenHealthCheck>("databricks-token", tags: ["ready"]);
        builder.AddLakegateOpenTelemetry(
                "lakegate-api",
                tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath)))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter());
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);

        if (clientOnly)
        {
            builder.UseOrleansClient(client => client.UseLakegateCluster(builder.Configuration, postgres!));
        }
        else if (durable)
        {
            builder.UseOrleans(silo => silo.UseLakegateDurable(builder.Configuration, postgres!));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseLakegateEmbedded(builder.Configuration));
        }

        if (durable)
        {
            builder.Services.AddSingleton(new PostgresHealthCheck(postgres!));
            builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("storage", tags: ["ready"]);
        }
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapTelemetry();
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        var admin = app.MapGroup("/v1/admin").AddEndpointFilter<OperatorAuthenticationFilter>();
        admin.MapDeviceAdmin();
        admin.MapBulkProvisioning();
        admin.MapFleetQueries();
        admin.MapDeadLetters();
        admin.MapTokenAdmin();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponseWriter.WriteAsync });

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var mode = clientOnly ? LakegateMode.ClusterClient : durable ? LakegateMode.DurableCoHosted : LakegateMode.Embedded;
        return new LakegateHost(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), emulator, generatedOperatorKey, mode);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}
