using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Lakegate.DatabricksEmulator.Tests;

public sealed class TokenFaultTests(FakeClockEmulatorFixture fixture) : EmulatorTest<FakeClockEmulatorFixture>(fixture, withToken: false)
{

    private FakeTimeProvider Clock => Fixture.Clock;

    [Fact]
    public async Task Lifetime_override_issues_tokens_that_expire_early()
    {
        Server.Faults.TokenLifetimeSecondsOverride = 60;

        using var grant = await Client.RequestTokenAsync();
        using var body = await EmulatorClient.ReadJsonAsync(grant);
        Assert.Equal(60, body.RootElement.GetProperty("expires_in").GetInt32());
        var token = body.RootElement.GetProperty("access_token").GetString()!;

        Clock.Advance(TimeSpan.FromSeconds(29));
        using (var accepted = await Client.PostIngestAsync(token, IngestBodies.Batch("b1", "dev", [1])))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        using (var expiring = await Client.PostIngestAsync(token, IngestBodies.Batch("b2", "dev", [2])))
        {
            await BearerCheckTests.AssertWorkspaceErrorAsync(expiring, 403, "Token is expiring within 30 seconds");
        }

        Clock.Advance(TimeSpan.FromSeconds(30));
        using var expired = await Client.PostIngestAsync(token, IngestBodies.Batch("b3", "dev", [3]));
        await BearerCheckTests.AssertWorkspaceErrorAsync(expired, 403, "JWT has expired");
    }

    [Fact]
    public async Task Token_endpoint_down_answers_503_with_retry_after()
    {
        Server.Faults.TokenEndpointDown = true;
        Server.Faults.TokenEndpointRetryAfterSeconds = 3;

        using var response = await Client.RequestTokenAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, Server.State.TokenRequestCount);
        Assert.Equal(0, Server.State.TokenGrantCount);
    }

    [Fact]
    public async Task Token_endpoint_throttle_answers_429_with_retry_after()
    {
        Server.Faults.TokenEndpointThrottle = true;

        using var response = await Client.RequestTokenAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(0, Server.State.TokenGrantCount);
    }

    [Fact]
    public async Task Token_endpoint_empty_body_400_has_no_body()
    {
        Server.Faults.TokenEndpointEmptyBody400 = true;

        using var response = await Client.RequestTokenAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Token_endpoint_no_token_200_leaves_out_the_access_token()
    {
        Server.Faults.TokenEndpointNoToken200 = true;

        using var response = await Client.RequestTokenAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await EmulatorClient.ReadJsonAsync(response);
        Assert.False(body.RootElement.TryGetProperty("access_token", out _));
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(0, Server.State.TokenGrantCount);
        Assert.Equal(0, Server.State.IssuedTokenCount);
    }

    [Fact]
    public async Task Clearing_token_faults_restores_grants()
    {
        Server.Faults.TokenEndpointDown = true;
        (await Client.RequestTokenAsync()).Dispose();

        Server.Faults.Clear();

        Assert.False(string.IsNullOrEmpty(await Client.GetTokenAsync()));
        Assert.Equal(2, Server.State.TokenRequestCount);
        Assert.Equal(1, Server.State.TokenGrantCount);
    }
}
