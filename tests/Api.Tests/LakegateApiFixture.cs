using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Lakegate.Api.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Lakegate.Api.Tests;

/// <summary>
/// The real embedded default over real HTTP: Kestrel on a loopback port, a co-hosted silo and the
/// Databricks emulator in process, as <c>dotnet run --project Api</c> starts it.
/// </summary>
public class LakegateApiFixture : IAsyncLifetime
{
    public const string OperatorKey = "lgo_test-operator-key-0123456789abcdef";

    public LakegateHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    protected virtual Dictionary<string, string?> Settings => new()
    {
        ["urls"] = "http://127.0.0.1:0",
        ["Orleans:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans:ClusterId"] = "api-tests-" + Guid.NewGuid().ToString("N"),
        ["Operators:ApiKeys:0"] = OperatorKey,
        ["Ingest:FlushMaxAge"] = "00:00:00.200",
        ["Telemetry:MaxReadingsPerRequest"] = "100",
        ["Logging:LogLevel:Default"] = "Warning",
        ["RateLimits:FailedAuthenticationsPerMinute"] = "100000",
    };

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        Host = await LakegateHost.StartAsync([], Settings, ConfigureServices);
        Http = new HttpClient { BaseAddress = Host.ApiUrl };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    public HttpRequestMessage Operator(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public async Task<HttpResponseMessage> OperatorSendAsync(HttpMethod method, string path, object? body = null) =>
        await Http.SendAsync(Operator(method, path, body));

    public async Task<DeviceKeyAnswer> CreateDeviceAsync(string deviceId, int? keyLifetimeDays = null)
    {
        using var response = await Http.SendAsync(Operator(HttpMethod.Post, "/v1/admin/devices", new { deviceId, keyLifetimeDays }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DeviceKeyAnswer>())!;
    }

    public async Task<DeviceAnswer> GetDeviceAsync(string deviceId)
    {
        using var response = await Http.SendAsync(Operator(HttpMethod.Get, $"/v1/admin/devices/{deviceId}"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeviceAnswer>())!;
    }

    public Task<HttpResponseMessage> SendTelemetryAsync(string deviceId, string? key, string body, string contentType = "application/json", string? idempotencyKey = null, bool useApiKeyHeader = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/devices/{deviceId}/telemetry")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null)
        {
            if (useApiKeyHeader)
            {
                request.Headers.Add("X-Api-Key", key);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Http.SendAsync(request);
    }
}
