using System.Net;
using System.Net.Http.Json;

namespace Lakegate.Api.Tests;

public sealed class TelemetryBadInputTests(LakegateApiFixture api) : IClassFixture<LakegateApiFixture>
{
    public static TheoryData<string, string, string, int, string> BadBodies => new()
    {
        { "malformed JSON", "application/json", "{\"t\": 1", 400, "malformed-json" },
        { "array with a non-object", "application/json", "[{\"t\":1}, 7]", 400, "not-an-object" },
        { "empty array", "application/json", "[]", 400, "empty-batch" },
        { "bad ts", "application/json", "{\"ts\": \"13/45/2026\"}", 400, "bad-timestamp" },
        { "ts without offset", "application/json", "[{\"ts\": \"2026-12-01T10:00:00\"}]", 400, "bad-timestamp" },
        { "too many readings", "application/json", "[" + string.Join(",", Enumerable.Repeat("{}", 101)) + "]", 400, "too-many-readings" },
        { "a bare number", "application/json", "42", 400, "not-an-object" },
        { "wrong content type", "text/plain", "{\"t\": 1}", 415, "unsupported-media-type" },
        { "oversize body", "application/json", "{\"blob\":\"" + new string('x', 300 * 1024) + "\"}", 413, "body-too-large" },
        { "a charset other than UTF-8", "application/json; charset=iso-8859-1", "{\"t\": 1}", 415, "unsupported-media-type" },
        { "nesting deeper than can be delivered", "application/json", "{\"a\":" + new string('[', 40) + new string(']', 40) + "}", 400, "malformed-json" },
        { "an escaped lone surrogate", "application/json", "[{\"ok\":1},{\"s\":\"\\ud800\"}]", 400, "malformed-json" },
    };

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("Application/JSON;charset=utf8")]
    public async Task Json_in_UTF_8_is_accepted_however_its_media_type_is_spelled(string contentType)
    {
        var deviceId = "type-" + Guid.NewGuid().ToString("N")[..8];
        var key = await api.CreateDeviceAsync(deviceId);
        using var response = await api.SendTelemetryAsync(deviceId, key.Key, "{\"t\": \"\\ud83d\\ude00\"}", contentType);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_request_gets_its_documented_status_a_problem_body_and_stores_nothing(string name, string contentType, string body, int status, string code)
    {
        var deviceId = "bad-" + Guid.NewGuid().ToString("N")[..8];
        var key = await api.CreateDeviceAsync(deviceId);

        using var response = await api.SendTelemetryAsync(deviceId, key.Key, body, contentType);

        Assert.True(status == (int)response.StatusCode, $"{name}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemAnswer>();
        Assert.Equal(code, problem!.Code);
        Assert.Equal(status, problem.Status);
        Assert.EndsWith(code, problem.Type, StringComparison.Ordinal);

        var device = await api.GetDeviceAsync(deviceId);
        Assert.Equal(0, device.Accepted);
        Assert.Empty(api.Host.Emulator!.State.GetRecords(deviceId));
    }

    public static TheoryData<string> CredentialFailures => new()
    {
        "missing", "malformed", "unknown key id", "wrong secret", "other device's key", "unknown device", "operator key",
    };

    [Theory]
    [MemberData(nameof(CredentialFailures))]
    public async Task Every_credential_failure_gets_the_same_401(string cause)
    {
        var deviceId = "auth-" + Guid.NewGuid().ToString("N")[..8];
        var mine = await api.CreateDeviceAsync(deviceId);
        var other = await api.CreateDeviceAsync(deviceId + "-other");
        var (target, key) = cause switch
        {
            "missing" => (deviceId, (string?)null),
            "malformed" => (deviceId, "not-a-key"),
            "unknown key id" => (deviceId, "lgk_0123456789abcdef_" + mine.Key.Split('_', 3)[2]),
            "wrong secret" => (deviceId, mine.Key[..^2] + (mine.Key.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA")),
            "other device's key" => (deviceId, other.Key),
            "unknown device" => ("nobody-" + deviceId, mine.Key),
            _ => (deviceId, LakegateApiFixture.OperatorKey),
        };

        using var response = await api.SendTelemetryAsync(target, key, "{\"t\":1}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await response.Content.ReadFromJsonAsync<ProblemAnswer>();
        Assert.Equal("unauthorized", problem!.Code);
        Assert.Equal("A valid device key is required.", problem.Detail);
        Assert.Equal(0, (await api.GetDeviceAsync(deviceId)).Accepted);
    }

    [Fact]
    public async Task A_body_that_is_not_valid_UTF8_is_a_400_and_stores_nothing()
    {
        var key = await api.CreateDeviceAsync("bad-utf8");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/devices/bad-utf8/telemetry")
        {
            Content = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xFF, (byte)'"', (byte)'}']),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Key);
        using var response = await api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed-json", (await response.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
        Assert.Equal(0, (await api.GetDeviceAsync("bad-utf8")).Accepted);
    }

    [Fact]
    public async Task Broken_chunk_framing_is_a_400_not_a_500()
    {
        var key = await api.CreateDeviceAsync("bad-chunks");
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(api.Host.ApiUrl.Host, api.Host.ApiUrl.Port);
        var stream = client.GetStream();
        var raw = $"POST /v1/devices/bad-chunks/telemetry HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {key.Key}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(raw));
        using var reader = new StreamReader(stream);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 400", statusLine);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task Path_segment_ids_cannot_be_created(string deviceId)
    {
        using var response = await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices", new { deviceId });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_invalid_device_id_is_a_400()
    {
        var key = await api.CreateDeviceAsync("valid-id");
        using var response = await api.SendTelemetryAsync("bad%20id", key.Key, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemAnswer>();
        Assert.Equal("invalid-device-id", problem!.Code);
    }

    [Fact]
    public async Task The_key_also_works_in_the_X_Api_Key_header()
    {
        var key = await api.CreateDeviceAsync("api-key-header");
        using var response = await api.SendTelemetryAsync("api-key-header", key.Key, "{\"t\":1}", useApiKeyHeader: true);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
