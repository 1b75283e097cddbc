namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Builds the emulator's web application. The standalone program and <see cref="DatabricksEmulatorServer"/>
/// both create their builder here and both build the application with <see cref="Build"/>.
/// </summary>
internal static class EmulatorApplication
{
    public const string DefaultStandaloneUrl = "http://127.0.0.1:8089";

    /// <summary>A builder for the standalone program: configuration from the command line, environment and appsettings.</summary>
    public static WebApplicationBuilder CreateStandaloneBuilder(string[] args)
    {
        var builder = CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultStandaloneUrl);
        }

        return builder;
    }

    /// <summary>
    /// A builder for an emulator inside another process: it listens on <paramref name="url"/> only, ignores
    /// the host process's configuration sources (its appsettings, environment, Kestrel endpoints), leaves console
    /// signals to the host process, and logs warnings and errors only.
    /// </summary>
    public static WebApplicationBuilder CreateInProcessBuilder(string url)
    {
        var builder = CreateBuilder([]);
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [WebHostDefaults.ServerUrlsKey] = url });
        builder.Services.AddSingleton<IHostLifetime, InProcessHostLifetime>();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder, EmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<EmulatorState>();
        builder.Services.AddSingleton<EmulatorFaults>();

        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/apps"))
            {
                context.RequestServices.GetRequiredService<EmulatorState>().CountAppRequest();
            }

            return next(context);
        });
        app.UseMiddleware<BearerTokenMiddleware>();

        OidcEndpoints.Map(app);
        AppIngestEndpoint.Map(app);
        SqlStatementEndpoints.Map(app);
        InspectionEndpoints.Map(app);
        return app;
    }

    private static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(EmulatorApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Per-request framework logging would dominate the console under load.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }
}
