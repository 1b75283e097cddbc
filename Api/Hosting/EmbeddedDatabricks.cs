using System.Security.Cryptography;
using Lakegate.DatabricksEmulator;

namespace Lakegate.Api.Hosting;

/// <summary>
/// The embedded default's Databricks: the emulator on loopback, with credentials made up for this
/// process, so the gateway runs end to end with no configuration at all.
/// </summary>
public static class EmbeddedDatabricks
{
    public static async Task<(DatabricksEmulatorServer Server, Dictionary<string, string?> Settings)> StartAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions
        {
            ClientId = "lakegate-embedded",
            ClientSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
        };
        var url = configuration["Emulator:Url"] ?? "http://127.0.0.1:0";
        var server = await DatabricksEmulatorServer.StartAsync(options, url, cancellationToken);
        var settings = new Dictionary<string, string?>
        {
            ["Databricks:Host"] = server.BaseUrl.ToString().TrimEnd('/'),
            ["Databricks:ClientId"] = options.ClientId,
            ["Databricks:ClientSecret"] = options.ClientSecret,
            ["Databricks:AppUrl"] = server.AppIngestUrl.ToString(),
        };
        return (server, settings);
    }
}
