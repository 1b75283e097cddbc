using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Lakegate.Api.Hosting;
using Lakegate.Grains.Telemetry;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Lakegate.Telemetry.Tests;

/// <summary>
/// The real embedded gateway over real HTTP (co-hosted silo, Databricks emulator in process). The token
/// collectors start with the host, before any delivery, so they see the first token refresh.
/// </summary>
public sealed class TelemetryGatewayFixture : IAsyncLifetime
{
    public const string OperatorKey = "lgo_telemetry-operator-key-0123456789abcdef";

    public LakegateHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IMeterFactory Meters => Host.Services.GetRequiredService<IMeterFactory>();

    public MetricCollector<long> TokenRefreshes { get; private set; } = null!;

    public MetricCollector<double> TokenTimeToExpiry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Orleans:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = "telemetry-tests-" + Guid.NewGuid().ToString("N"),
            ["Operators:ApiKeys:0"] = OperatorKey,
            ["Ingest:FlushMaxAge"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimits:FailedAuthenticationsPerMinute"] = "100000",
        };
        Host = await LakegateHost.StartAsync([], settings);
        Http = new HttpClient { BaseAddress = Host.ApiUrl };
        TokenRefreshes = Collect<long>("lakegate.token.refreshes");
        TokenTimeToExpiry = Collect<double>("lakegate.token.time_to_expiry");
    }

    public async Task DisposeAsync()
    {
        TokenRefreshes.Dispose();
        TokenTimeToExpiry.Dispose();
        Http.Dispose();
        await Host.DisposeAsync();
    }

    public MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(Meters, LakegateMetrics.MeterName, instrument);

    public async Task<string> CreateDeviceAsync(string deviceId)
    {
        using var response = await Http.SendAsync(Operator(HttpMethod.Post, "/v1/admin/devices", new { deviceId }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DeviceKeyAnswer>())!.Key;
    }

    public async Task<DeviceCountsAnswer> GetDeviceAsync(string deviceId)
    {
        using var response = await Http.SendAsync(Operator(HttpMethod.Get, $"/v1/admin/devices/{deviceId}"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeviceCountsAnswer>())!;
    }

    /// <summary>Waits until every reading the device had accepted is delivered.</summary>
    public Task WaitDeliveredAsync(string deviceId, long accepted) =>
        Eventually.True(async () => await GetDeviceAsync(deviceId) is { } d && d.Accepted == accepted && d.Delivered == accepted,
            because: $"{accepted} readings of {deviceId} not delivered in time");

    public Task<HttpResponseMessage> SendTelemetryAsync(string deviceId, string key, int readings) =>
        SendRawTelemetryAsync(deviceId, key, "[" + string.Join(",", Enumerable.Range(0, readings).Select(i => $"{{\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"n\":{i}}}")) + "]");

    public async Task<HttpResponseMessage> SendRawTelemetryAsync(string deviceId, string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/devices/{deviceId}/telemetry")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await Http.SendAsync(request);
    }

    private static HttpRequestMessage Operator(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }
}
