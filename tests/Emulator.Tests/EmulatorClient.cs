using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Lakegate.DatabricksEmulator.Tests;

/// <summary>A real HTTP client for one running emulator, with the requests the tests make.</summary>
public sealed class EmulatorClient : IDisposable
{
    public EmulatorClient(DatabricksEmulatorServer server, TimeSpan? timeout = null)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(10) };
    }

    public DatabricksEmulatorServer Server { get; }

    public HttpClient Http { get; }

    public static FormUrlEncodedContent ClientCredentialsForm(params (string Name, string Value)[] extra) =>
        new([new("grant_type", "client_credentials"), new("scope", "all-apis"), .. extra.Select(field => new KeyValuePair<string, string>(field.Name, field.Value))]);

    public static AuthenticationHeaderValue Basic(string clientId, string clientSecret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));

    public async Task<HttpResponseMessage> RequestTokenAsync(string clientId = "lakegate-emulator", string clientSecret = "emulator-secret")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oidc/v1/token") { Content = ClientCredentialsForm() };
        request.Headers.Authorization = Basic(clientId, clientSecret);
        return await Http.SendAsync(request);
    }

    public async Task<string> GetTokenAsync()
    {
        using var response = await RequestTokenAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task<HttpResponseMessage> PostIngestAsync(string? token, string jsonBody, string? appName = null)
    {
        var path = appName is null ? Server.AppIngestUrl.ToString() : $"apps/{appName}/api/ingest";
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(jsonBody, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostStatementAsync(string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/2.0/sql/statements") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> GetStatementAsync(string token, string statementId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/2.0/sql/statements/{statementId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    public void Dispose() => Http.Dispose();
}
