namespace Lakegate.DatabricksEmulator;

/// <summary>
/// A running emulated Databricks workspace inside the current process, listening on real HTTP.
/// Start it with <see cref="StartAsync"/>, point clients at <see cref="BaseUrl"/>, and dispose it to stop.
/// </summary>
public sealed class DatabricksEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int disposed;

    private DatabricksEmulatorServer(WebApplication app, Uri baseUrl, EmulatorOptions options)
    {
        this.app = app;
        BaseUrl = baseUrl;
        AppIngestUrl = new Uri(baseUrl, AppIngestEndpoint.PathFor(options.AppName));
        TokenEndpointUrl = new Uri(baseUrl, OidcEndpoints.TokenPath.TrimStart('/'));
        State = app.Services.GetRequiredService<EmulatorState>();
        Faults = app.Services.GetRequiredService<EmulatorFaults>();
    }

    /// <summary>The workspace URL (the value of <c>DATABRICKS_HOST</c>), with the actual bound port, ending in '/'.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The hosted App's ingest route: <c>{BaseUrl}apps/{AppName}/api/ingest</c>.</summary>
    public Uri AppIngestUrl { get; }

    /// <summary>The OAuth token endpoint: <c>{BaseUrl}oidc/v1/token</c>.</summary>
    public Uri TokenEndpointUrl { get; }

    /// <summary>What the workspace received, and its counters.</summary>
    public EmulatorState State { get; }

    /// <summary>The fault switches, changeable while the server runs.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>
    /// Starts an emulator listening on <paramref name="url"/>; port 0 picks a free port
    /// (use 127.0.0.1 or [::1] with port 0, not localhost).
    /// </summary>
    public static async Task<DatabricksEmulatorServer> StartAsync(
        EmulatorOptions options,
        string url = "http://127.0.0.1:0",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var app = EmulatorApplication.Build(EmulatorApplication.CreateInProcessBuilder(url), options);
        try
        {
            await app.StartAsync(cancellationToken);
            return new DatabricksEmulatorServer(app, EmulatorBaseUrl.From(app.Urls), options);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }
}
