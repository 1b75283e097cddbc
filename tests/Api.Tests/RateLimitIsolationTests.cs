using System.Net;
using System.Net.Http.Json;

namespace Lakegate.Api.Tests;

/// <summary>Requests without a device's key cannot spend that device's rate limit.</summary>
public sealed class RateLimitIsolationTests(LimitedApiFixture api) : IClassFixture<LimitedApiFixture>
{
    [Fact]
    public async Task A_flood_without_the_devices_key_leaves_the_device_its_whole_burst()
    {
        var victim = await api.CreateDeviceAsync("drain-victim");
        var stranger = await api.CreateDeviceAsync("drain-stranger");
        var forgedKeyId = "lgk_0123456789abcdef_" + victim.Key.Split('_', 3)[2];
        var flood = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            foreach (var key in new[] { null, "lgk_not-a-key", forgedKeyId, stranger.Key })
            {
                using var response = await api.SendTelemetryAsync("drain-victim", key, "{}");
                flood.Add(response.StatusCode);
            }
        }

        // Refused, some by the buckets of the key ids they present (a forged one, another device's).
        Assert.All(flood, s => Assert.Contains(s, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.True(flood.Count(s => s == HttpStatusCode.TooManyRequests) > 0, "the flood never reached a rate limit: the test shows nothing");

        // The limit is a burst of 3 at 1 request/s: the device still has all of it.
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await api.SendTelemetryAsync("drain-victim", victim.Key, "{}");
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var limited = await api.SendTelemetryAsync("drain-victim", victim.Key, "{}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("rate-limited", (await limited.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
    }
}
