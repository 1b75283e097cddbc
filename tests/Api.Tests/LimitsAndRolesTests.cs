using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Lakegate.Api.Tests;

/// <summary>Per-device rate limits and reader versus admin operators.</summary>
public sealed class LimitsAndRolesTests(LimitedApiFixture api) : IClassFixture<LimitedApiFixture>
{
    [Fact]
    public async Task A_device_over_its_rate_gets_429_with_Retry_After_and_other_devices_are_not_affected()
    {
        var busy = await api.CreateDeviceAsync("limited-busy");
        var calm = await api.CreateDeviceAsync("limited-calm");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await api.SendTelemetryAsync("limited-busy", busy.Key, "{}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 without Retry-After");
            Assert.Equal("rate-limited", (await limited.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
        }

        Assert.Equal(HttpStatusCode.Accepted, statuses[0]);
        using var other = await api.SendTelemetryAsync("limited-calm", calm.Key, "{}");
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.Accepted), (await api.GetDeviceAsync("limited-busy")).Accepted);
    }

    [Fact]
    public async Task A_reader_may_query_but_not_change_and_an_admin_may_do_both()
    {
        await api.CreateDeviceAsync("roles-device");
        foreach (var path in new[] { "/v1/admin/devices/roles-device", "/v1/admin/devices?limit=5", "/v1/admin/databricks/token", "/v1/admin/audit" })
        {
            using var read = await SendAsReaderAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        foreach (var (method, path) in new[] { (HttpMethod.Post, "/v1/admin/devices"), (HttpMethod.Post, "/v1/admin/devices/roles-device/disable"), (HttpMethod.Post, "/v1/admin/devices/roles-device/keys"), (HttpMethod.Delete, "/v1/admin/devices/roles-device/keys/0000000000000000") })
        {
            using var write = await SendAsReaderAsync(method, path);
            Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
            Assert.Equal("operator-forbidden", (await write.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
        }

        Assert.True((await api.GetDeviceAsync("roles-device")).Enabled);
    }

    private Task<HttpResponseMessage> SendAsReaderAsync(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LimitedApiFixture.ReaderKey);
        if (method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { deviceId = "reader-made" });
        }

        return api.Http.SendAsync(request);
    }
}
