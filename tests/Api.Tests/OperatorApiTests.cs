using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Lakegate.Api.Tests;

public sealed class OperatorApiTests(LakegateApiFixture api) : IClassFixture<LakegateApiFixture>
{
    [Fact]
    public async Task Creating_a_device_shows_its_key_once_and_a_second_create_is_a_conflict()
    {
        var created = await api.CreateDeviceAsync("op-create", keyLifetimeDays: 30);
        Assert.StartsWith("lgk_" + created.KeyId + "_", created.Key);
        Assert.InRange(created.ExpiresAt, DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));

        using var again = await api.Http.SendAsync(api.Operator(HttpMethod.Post, "/v1/admin/devices", new { deviceId = "op-create" }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("device-exists", (await again.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);

        using var get = await api.Http.SendAsync(api.Operator(HttpMethod.Get, "/v1/admin/devices/op-create"));
        var text = await get.Content.ReadAsStringAsync();
        Assert.DoesNotContain(created.Key.Split('_', 3)[2], text);
        var device = (await get.Content.ReadFromJsonAsync<DeviceAnswer>())!;
        Assert.True(device.Enabled);
        Assert.Equal(created.KeyId, Assert.Single(device.Keys).KeyId);
    }

    [Fact]
    public async Task The_key_lifetime_is_capped_by_policy()
    {
        var created = await api.CreateDeviceAsync("op-cap", keyLifetimeDays: 5000);
        Assert.InRange(created.ExpiresAt, DateTimeOffset.UtcNow.AddDays(729), DateTimeOffset.UtcNow.AddDays(731));
    }

    [Theory]
    [InlineData("{\"deviceId\": \"has space\"}", 400, "invalid-device-id")]
    [InlineData("{\"keyLifetimeDays\": 3}", 400, "invalid-device-id")]
    [InlineData("{\"deviceId\": \"ok-1\", \"keyLifetimeDays\": 0}", 400, "invalid-key-lifetime")]
    [InlineData("{\"deviceId\": ", 400, "malformed-json")]
    public async Task Bad_create_requests_are_problems(string body, int status, string code)
    {
        var request = api.Operator(HttpMethod.Post, "/v1/admin/devices");
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await api.Http.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
    }

    [Fact]
    public async Task An_unknown_device_is_404()
    {
        using var response = await api.Http.SendAsync(api.Operator(HttpMethod.Get, "/v1/admin/devices/never-made"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("device-not-found", (await response.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("lgo_wrong")]
    [InlineData("device-key")]
    public async Task Operator_endpoints_refuse_missing_wrong_and_device_keys(string? credential)
    {
        if (credential == "device-key")
        {
            credential = (await api.CreateDeviceAsync("op-devkey-" + Guid.NewGuid().ToString("N")[..6])).Key;
        }

        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/databricks/token");
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        using var response = await api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("operator-unauthorized", (await response.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
    }

    [Fact]
    public async Task An_operator_key_does_not_work_on_the_device_endpoint()
    {
        await api.CreateDeviceAsync("op-not-device");
        using var response = await api.SendTelemetryAsync("op-not-device", LakegateApiFixture.OperatorKey, "{}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_token_state_is_shown_without_the_token()
    {
        using var response = await api.Http.SendAsync(api.Operator(HttpMethod.Get, "/v1/admin/databricks/token"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"profile\":\"default\"", text);
        Assert.Contains("\"expiresAt\"", text);
        Assert.Contains("\"lastRefreshAt\"", text);
        Assert.Contains("\"consecutiveFailures\"", text);
        Assert.DoesNotContain("access_token", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ClientSecret", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_and_readiness_answer()
    {
        using var health = await api.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var ready = await api.Http.GetAsync("/readyz");
        var text = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"cluster\"", text);
        Assert.Contains("\"databricks-token\"", text);
    }
}
