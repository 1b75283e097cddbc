using System.Net;
using System.Net.Http.Headers;

namespace Lakegate.DatabricksEmulator.Tests;

/// <summary>The standalone program's path: command-line configuration through the shared application builder.</summary>
public sealed class StandaloneProgramTests
{
    [Fact]
    public async Task Command_line_urls_and_emulator_settings_are_honoured()
    {
        var builder = EmulatorApplication.CreateStandaloneBuilder(
            ["--urls", "http://127.0.0.1:0", "--Emulator:ClientId", "cli-sp", "--Emulator:ClientSecret", "cli-secret", "--Emulator:AppName", "cli-app", "--Emulator:TokenLifetimeSeconds", "600"]);
        var options = EmulatorConfiguration.Read(builder.Configuration, out var secretConfigured);
        await using var app = EmulatorApplication.Build(builder, options);
        await app.StartAsync();
        var baseUrl = EmulatorBaseUrl.From(app.Urls);
        using var http = new HttpClient { BaseAddress = baseUrl };

        using var grant = new HttpRequestMessage(HttpMethod.Post, "oidc/v1/token") { Content = EmulatorClient.ClientCredentialsForm() };
        grant.Headers.Authorization = EmulatorClient.Basic("cli-sp", "cli-secret");
        using var grantResponse = await http.SendAsync(grant);
        using var grantBody = await EmulatorClient.ReadJsonAsync(grantResponse);
        var token = grantBody.RootElement.GetProperty("access_token").GetString();

        using var ingest = new HttpRequestMessage(HttpMethod.Post, "apps/cli-app/api/ingest")
        {
            Content = new StringContent(IngestBodies.Batch("b", "dev", [1]), System.Text.Encoding.UTF8, "application/json"),
        };
        ingest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var ingestResponse = await http.SendAsync(ingest);

        Assert.True(secretConfigured);
        Assert.Equal(HttpStatusCode.OK, grantResponse.StatusCode);
        Assert.Equal(600, grantBody.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal(HttpStatusCode.OK, ingestResponse.StatusCode);
        await app.StopAsync();
    }
}
