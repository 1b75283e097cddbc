using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace Lakegate.FleetSim.Api;

/// <summary>
/// The parts of the gateway's operator API the simulator uses. 429 and 503 are retried after
/// <c>Retry-After</c>, as are timeouts and connection failures, up to a bound.
/// </summary>
public sealed class OperatorApiClient
{
    private readonly HttpClient _http;
    private readonly string _apiBase;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly int _maxRetries;
    private readonly TimeSpan _maxRetryAfter;

    public OperatorApiClient(HttpClient http, Uri api, string operatorKey, int maxRetries, TimeSpan maxRetryAfter)
    {
        _http = http;
        _apiBase = api.ToString().TrimEnd('/');
        _authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        _maxRetries = maxRetries;
        _maxRetryAfter = maxRetryAfter;
    }

    /// <summary>Creates a device; <c>null</c> when it already exists (409).</summary>
    public async Task<ProvisionedDeviceResponse?> CreateDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"{_apiBase}/v1/admin/devices")
            {
                Content = JsonContent.Create(new ProvisionDeviceRequest(deviceId), FleetSimJsonContext.Default.ProvisionDeviceRequest),
            },
            cancellationToken);

        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }

        await EnsureStatusAsync(response, HttpStatusCode.Created, $"creating device {deviceId}", cancellationToken);
        return await ReadAsync(response, FleetSimJsonContext.Default.ProvisionedDeviceResponse, cancellationToken);
    }

    /// <summary>Issues an additional key for an existing device; its other keys stay valid.</summary>
    public async Task<ProvisionedDeviceResponse> IssueKeyAsync(string deviceId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"{_apiBase}/v1/admin/devices/{deviceId}/keys")
            {
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            },
            cancellationToken);

        await EnsureStatusAsync(response, HttpStatusCode.Created, $"issuing a key for device {deviceId}", cancellationToken);
        return await ReadAsync(response, FleetSimJsonContext.Default.ProvisionedDeviceResponse, cancellationToken);
    }

    /// <summary>The device's counts; <c>null</c> when the gateway does not know the device (404).</summary>
    public async Task<DeviceStateResponse?> GetDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, $"{_apiBase}/v1/admin/devices/{deviceId}"),
            cancellationToken);

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureStatusAsync(response, HttpStatusCode.OK, $"reading device {deviceId}", cancellationToken);
        return await ReadAsync(response, FleetSimJsonContext.Default.DeviceStateResponse, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = createRequest();
            request.Headers.Authorization = _authorization;
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (attempt < _maxRetries && IsTransient(e, cancellationToken))
            {
                await Task.Delay(RetryAfter.Fallback, cancellationToken);
                continue;
            }

            if (attempt < _maxRetries && response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                var wait = RetryAfter.Read(response.Headers, DateTimeOffset.UtcNow, _maxRetryAfter);
                response.Dispose();
                await Task.Delay(wait, cancellationToken);
                continue;
            }

            return response;
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private static async Task EnsureStatusAsync(
        HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode == expected)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Length > 300)
        {
            body = body[..300] + "…";
        }

        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? " (is the operator key right?)"
            : string.Empty;
        throw new OperatorApiException(
            $"Operator API answered {(int)response.StatusCode} {response.ReasonPhrase} when {what}{hint}. {body}".TrimEnd(),
            response.StatusCode);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
                ?? throw new OperatorApiException($"Operator API answered {(int)response.StatusCode} with an empty body.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new OperatorApiException($"Operator API answered {(int)response.StatusCode} with unreadable JSON: {e.Message}");
        }
    }
}
