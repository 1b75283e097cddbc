namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The standalone emulator: <c>dotnet run --project tools/DatabricksEmulator [--urls http://127.0.0.1:8089]</c>.
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = EmulatorApplication.CreateStandaloneBuilder(args);
        var options = EmulatorConfiguration.Read(builder.Configuration, out var secretConfigured);
        await using var app = EmulatorApplication.Build(builder, options);
        await app.StartAsync();

        var baseUrl = EmulatorBaseUrl.From(app.Urls);
        Console.WriteLine($"Databricks emulator listening on {baseUrl}");
        Console.WriteLine($"  Workspace (DATABRICKS_HOST): {baseUrl}");
        Console.WriteLine($"  Token endpoint:              {new Uri(baseUrl, OidcEndpoints.TokenPath.TrimStart('/'))}");
        Console.WriteLine($"  App ingest URL:              {new Uri(baseUrl, AppIngestEndpoint.PathFor(options.AppName))}");
        Console.WriteLine($"  SQL statements:              {new Uri(baseUrl, SqlStatementEndpoints.StatementsPath.TrimStart('/'))}");
        Console.WriteLine($"  Stats:                       {new Uri(baseUrl, "_emulator/stats")}");
        Console.WriteLine($"  Client id:                   {options.ClientId}");
        Console.WriteLine(secretConfigured
            ? "  Client secret:               as configured in Emulator:ClientSecret (not shown)"
            : $"  Client secret:               none configured, using the built-in default \"{EmulatorOptions.DefaultClientSecret}\" (set Emulator__ClientSecret to change it)");
        Console.WriteLine($"  Token lifetime:              {options.TokenLifetimeSeconds} s");

        await app.WaitForShutdownAsync();
    }
}
