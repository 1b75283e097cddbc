using System.Net;
using System.Net.Http.Json;

namespace Lakegate.Api.Tests;

/// <summary>The embedded default allowing 5 failed authentications per minute per client address.</summary>
public sealed class FloodApiFixture : LakegateApiFixture
{
    protected override Dictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["RateLimits:FailedAuthenticationsPerMinute"] = "5";
            return settings;
        }
    }
}

public sealed class FailedAuthenticationFloodTests(FloodApiFixture api) : IClassFixture<FloodApiFixture>
{
    [Fact]
    public async Task A_client_that_keeps_failing_to_authenticate_is_refused_before_any_grain_is_asked()
    {
        var key = await api.CreateDeviceAsync("flood-target");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await api.SendTelemetryAsync($"flood-unknown-{i}", key.Key, "{}");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        using var blocked = await api.SendTelemetryAsync("flood-target", key.Key, "{}");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal("too-many-failed-authentications", (await blocked.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
        Assert.NotNull(blocked.Headers.RetryAfter);
    }

}
