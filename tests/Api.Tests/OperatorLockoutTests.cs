using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Lakegate.Api.Tests;

/// <summary>Wrong operator keys from one client address are refused for the rest of the minute.</summary>
public sealed class OperatorLockoutTests(OperatorLockoutFixture api) : IClassFixture<OperatorLockoutFixture>
{
    [Fact]
    public async Task Guessing_operator_keys_locks_the_client_out_and_leaves_devices_alone()
    {
        var device = await api.CreateDeviceAsync("lockout-device");
        for (var i = 0; i < OperatorLockoutFixture.FailuresPerMinute; i++)
        {
            using var guess = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/devices/lockout-device");
            guess.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"lgo_guess-{i:D4}-0123456789");
            using var refused = await api.Http.SendAsync(guess);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // Now even the right key is refused from this address, with a Retry-After, and nothing is answered.
        using var locked = await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/devices/lockout-device");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 without Retry-After");
        Assert.Equal("too-many-failed-authentications", (await locked.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
        Assert.DoesNotContain("lockout-device", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The device endpoint keeps its own count.
        using var telemetry = await api.SendTelemetryAsync("lockout-device", device.Key, "{}");
        Assert.Equal(HttpStatusCode.Accepted, telemetry.StatusCode);
    }
}
