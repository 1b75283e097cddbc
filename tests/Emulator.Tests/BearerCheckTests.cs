using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Lakegate.DatabricksEmulator.Tests;

public sealed class BearerCheckTests(FakeClockEmulatorFixture fixture) : EmulatorTest<FakeClockEmulatorFixture>(fixture, withToken: false)
{

    private FakeTimeProvider Clock => Fixture.Clock;

    [Fact]
    public async Task Missing_bearer_is_401_with_a_numeric_error_code()
    {
        using var response = await Client.PostIngestAsync(token: null, IngestBodies.Batch("b", "d", [1]));

        await AssertWorkspaceErrorAsync(response, 401, "Credential was not sent or was of an unsupported type for this API.");
        Assert.Equal(0, Server.State.RecordCount);
    }

    [Fact]
    public async Task A_basic_credential_on_an_api_route_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/2.0/sql/statements/abc");
        request.Headers.Authorization = EmulatorClient.Basic("lakegate-emulator", "emulator-secret");

        using var response = await Client.Http.SendAsync(request);

        await AssertWorkspaceErrorAsync(response, 401, "Credential was not sent or was of an unsupported type for this API.");
    }

    [Fact]
    public async Task An_unknown_token_is_403_invalid_access_token()
    {
        using var response = await Client.PostIngestAsync("not-a-token-we-issued", IngestBodies.Batch("b", "d", [1]));

        await AssertWorkspaceErrorAsync(response, 403, "Invalid access token.");
    }

    [Fact]
    public async Task Unknown_api_paths_check_the_bearer_before_answering_404()
    {
        using var missing = await Client.Http.GetAsync("api/2.0/clusters/list");
        await AssertWorkspaceErrorAsync(missing, 401, "Credential was not sent or was of an unsupported type for this API.");

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/2.0/clusters/list");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Client.GetTokenAsync());
        using var authorized = await Client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, authorized.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_403_jwt_has_expired()
    {
        var token = await Client.GetTokenAsync();
        Clock.Advance(TimeSpan.FromSeconds(3600));

        using var response = await Client.PostIngestAsync(token, IngestBodies.Batch("b", "d", [1]));

        await AssertWorkspaceErrorAsync(response, 403, "JWT has expired");
        Assert.Equal(0, Server.State.RecordCount);
    }

    [Fact]
    public async Task A_token_with_30_seconds_or_less_left_is_refused_and_one_with_31_is_accepted()
    {
        var token = await Client.GetTokenAsync();

        Clock.Advance(TimeSpan.FromSeconds(3569));
        using (var accepted = await Client.PostIngestAsync(token, IngestBodies.Batch("b1", "d", [1])))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        using var refused = await Client.PostIngestAsync(token, IngestBodies.Batch("b2", "d", [2]));

        await AssertWorkspaceErrorAsync(refused, 403, "Token is expiring within 30 seconds");
        Assert.Equal(1, Server.State.RecordCount);
    }

    [Fact]
    public async Task Revoked_tokens_are_invalid_and_new_grants_work()
    {
        var revoked = await Client.GetTokenAsync();

        Assert.Equal(1, Server.State.RevokeAllTokens());

        using (var refused = await Client.PostIngestAsync(revoked, IngestBodies.Batch("b1", "d", [1])))
        {
            await AssertWorkspaceErrorAsync(refused, 403, "Invalid access token.");
        }

        using var accepted = await Client.PostIngestAsync(await Client.GetTokenAsync(), IngestBodies.Batch("b2", "d", [2]));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Inspection_routes_need_no_bearer()
    {
        using var response = await Client.Http.GetAsync("_emulator/stats");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task AssertWorkspaceErrorAsync(HttpResponseMessage response, int status, string message)
    {
        Assert.Equal(status, (int)response.StatusCode);
        using var document = await EmulatorClient.ReadJsonAsync(response);
        var errorCode = document.RootElement.GetProperty("error_code");
        Assert.Equal(JsonValueKind.Number, errorCode.ValueKind);
        Assert.Equal(status, errorCode.GetInt32());
        Assert.Equal(message, document.RootElement.GetProperty("message").GetString());
    }
}
