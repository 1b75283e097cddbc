using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Lakegate.DatabricksEmulator.Tests;

public sealed class TokenFaultTests(FakeClockEmulatorFixture fixture) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private EmulatorClient client = null!;

    private DatabricksEmulatorServer Server => fixture.Server;

    private FakeTimeProvider Clock => fixture.Clock;

    public Task InitializeAsync()
    {
        client = fixture.StartTest();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        client.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Lifetime_override_issues_tokens_that_expire_early()
    {
        Server.Faults.TokenLifetimeSecondsOverride = 60;

        using var grant = await client.RequestTokenAsync();
        using var body = await EmulatorClient.ReadJsonAsync(grant);
        Assert.Equal(60, body.RootElement.GetProperty("expires_in").GetInt32());
        var token = body.RootElement.GetProperty("access_token").GetString()!;

        Clock.Advance(TimeSpan.FromSeconds(29));
        using (var accepted = await client.PostIngestAsync(token, IngestBodies.Batch("b1", "dev", [1])))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        using (var expiring = await client.PostIngestAsync(token, IngestBodies.Batch("b2", "dev", [2])))
        {
            await BearerCheckTests.AssertWorkspaceErrorAsync(expiring, 403, "Token is expiring within 30 seconds");
        }

        Clock.Advance(TimeSpan.FromSeconds(30));
        using var expired = await client.PostIngestAsync(token, IngestBodies.Batch("b3", "dev", [3]));
        await BearerCheckTests.AssertWorkspaceErrorAsync(expired, 403, "JWT has expired");
    }

    [Fact]
    public async Task Token_endpoint_down_answers_503_with_retry_after()
    {
        Server.Faults.TokenEndpointDown = true;
        Server.Faults.TokenEndpointRetryAfterSeconds = 3;

        using var response = await client.RequestTokenAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, Server.State.TokenRequestCount);
        Assert.Equal(0, Server.State.TokenGrantCount);
    }

    [Fact]
    public async Task Token_endpoint_throttle_answers_429_with_retry_after()
    {
        Server.Faults.TokenEndpointThrottle = true;

        using var response = await client.RequestTokenAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(0, Server.State.TokenGrantCount);
    }

    [Fact]
    public async Task Token_endpoint_empty_body_400_has_no_body()
    {
        Server.Faults.TokenEndpointEmptyBody400 = true;

        using var response = await client.RequestTokenAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Token_endpoint_no_token_200_leaves_out_the_access_token()
    {
        Server.Faults.TokenEndpointNoToken200 = true;

        using var response = await client.RequestTokenAsync();

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
        (await client.RequestTokenAsync()).Dispose();

        Server.Faults.Clear();

        Assert.False(string.IsNullOrEmpty(await client.GetTokenAsync()));
        Assert.Equal(2, Server.State.TokenRequestCount);
        Assert.Equal(1, Server.State.TokenGrantCount);
    }
}
