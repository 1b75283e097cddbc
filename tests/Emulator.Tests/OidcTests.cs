using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Lakegate.DatabricksEmulator.Tests;

public sealed class OidcTests(EmulatorFixture fixture) : EmulatorTest<EmulatorFixture>(fixture, withToken: false)
{

    [Fact]
    public async Task Discovery_document_points_at_the_workspace_token_endpoint()
    {
        using var response = await Client.Http.GetAsync("oidc/.well-known/oauth-authorization-Server");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = await EmulatorClient.ReadJsonAsync(response);
        var root = document.RootElement;
        Assert.Equal($"{Server.BaseUrl}oidc", root.GetProperty("issuer").GetString());
        Assert.Equal($"{Server.BaseUrl}oidc/v1/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal(Server.TokenEndpointUrl.ToString(), root.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{Server.BaseUrl}oidc/v1/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Contains("client_credentials", root.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("client_secret_basic", root.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("all-apis", root.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Grant_with_basic_credentials_returns_an_opaque_bearer_token()
    {
        using var response = await Client.RequestTokenAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var document = await EmulatorClient.ReadJsonAsync(response);
        var root = document.RootElement;
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("access_token").GetString()));
        Assert.Equal("Bearer", root.GetProperty("token_type").GetString());
        Assert.Equal(3600, root.GetProperty("expires_in").GetInt32());
        Assert.Equal("all-apis", root.GetProperty("scope").GetString());
        Assert.Equal(1, Server.State.TokenGrantCount);
        Assert.Equal(1, Server.State.TokenRequestCount);
    }

    [Fact]
    public async Task Grant_with_form_credentials_succeeds_and_each_grant_is_a_new_token()
    {
        var tokens = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await Client.Http.PostAsync(
                "oidc/v1/token",
                EmulatorClient.ClientCredentialsForm(("client_id", "lakegate-emulator"), ("client_secret", "emulator-secret")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var document = await EmulatorClient.ReadJsonAsync(response);
            tokens.Add(document.RootElement.GetProperty("access_token").GetString()!);
        }

        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.Equal(2, Server.State.TokenGrantCount);
    }

    [Theory]
    [InlineData("lakegate-emulator", "wrong-secret")]
    [InlineData("someone-else", "emulator-secret")]
    public async Task Wrong_basic_credentials_are_invalid_client(string clientId, string clientSecret)
    {
        using var response = await Client.RequestTokenAsync(clientId, clientSecret);

        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(0, Server.State.TokenGrantCount);
        Assert.Equal(1, Server.State.TokenRequestCount);
    }

    [Fact]
    public async Task Wrong_form_secret_is_invalid_client()
    {
        using var response = await Client.Http.PostAsync(
            "oidc/v1/token",
            EmulatorClient.ClientCredentialsForm(("client_id", "lakegate-emulator"), ("client_secret", "nope")));

        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Missing_client_credentials_are_invalid_client()
    {
        using var response = await Client.Http.PostAsync("oidc/v1/token", EmulatorClient.ClientCredentialsForm());

        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task A_grant_type_other_than_client_credentials_is_unsupported()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oidc/v1/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "password"), new("scope", "all-apis")]),
        };
        request.Headers.Authorization = EmulatorClient.Basic("lakegate-emulator", "emulator-secret");

        using var response = await Client.Http.SendAsync(request);

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "unsupported_grant_type");
        Assert.Equal(0, Server.State.TokenGrantCount);
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_an_invalid_request()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oidc/v1/token")
        {
            Content = new StringContent("{\"grant_type\":\"client_credentials\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = EmulatorClient.Basic("lakegate-emulator", "emulator-secret");

        using var response = await Client.Http.SendAsync(request);

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task A_bearer_header_is_not_a_client_credential()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oidc/v1/token") { Content = EmulatorClient.ClientCredentialsForm() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        using var response = await Client.Http.SendAsync(request);

        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    private static async Task AssertOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        Assert.Equal(status, response.StatusCode);
        using var document = await EmulatorClient.ReadJsonAsync(response);
        Assert.Equal(error, document.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("error_description").GetString()));
        Assert.False(document.RootElement.TryGetProperty("access_token", out _));
    }
}
