using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Lakegate.Api.Tests;

/// <summary>Bad operator request bodies: a 400 (or 415) problem that names the fault, and nothing created.</summary>
public sealed class AdminBadInputTests(LakegateApiFixture api) : IClassFixture<LakegateApiFixture>
{
    public static TheoryData<string, string, string, int, string> BadCreateBodies => new()
    {
        { "not JSON", "application/json", "{\"deviceId\": ", 400, "malformed-json" },
        { "an array instead of an object", "application/json", "[1,2]", 400, "malformed-json" },
        { "a lifetime given as a string", "application/json", "{\"deviceId\":\"{id}\",\"keyLifetimeDays\":\"30\"}", 400, "invalid-key-lifetime" },
        { "a fractional lifetime", "application/json", "{\"deviceId\":\"{id}\",\"keyLifetimeDays\":1.5}", 400, "invalid-key-lifetime" },
        { "a device id of the wrong type", "application/json", "{\"deviceId\":17}", 400, "malformed-json" },
        { "XML", "application/xml", "<device/>", 415, "unsupported-media-type" },
    };

    [Theory]
    [MemberData(nameof(BadCreateBodies))]
    public async Task A_bad_create_body_gets_a_problem_and_creates_nothing(string name, string contentType, string body, int status, string code)
    {
        var deviceId = "adm-" + Guid.NewGuid().ToString("N")[..8];
        var request = api.Operator(HttpMethod.Post, "/v1/admin/devices");
        request.Content = new StringContent(body.Replace("{id}", deviceId, StringComparison.Ordinal), Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await api.Http.SendAsync(request);

        Assert.True(status == (int)response.StatusCode, $"{name}: got {(int)response.StatusCode}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.Equal(code, JsonSerializer.Deserialize<ProblemAnswer>(text, JsonSerializerOptions.Web)!.Code);
        using var lookup = await api.OperatorSendAsync(HttpMethod.Get, $"/v1/admin/devices/{deviceId}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task A_rotation_with_a_grace_period_given_as_a_string_is_refused()
    {
        var deviceId = "adm-" + Guid.NewGuid().ToString("N")[..8];
        await api.CreateDeviceAsync(deviceId);
        var request = api.Operator(HttpMethod.Post, $"/v1/admin/devices/{deviceId}/keys");
        request.Content = new StringContent("{\"revokeOtherKeysAfterSeconds\":\"60\"}", Encoding.UTF8, "application/json");

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-grace-period", (await response.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
        Assert.Single((await api.GetDeviceAsync(deviceId)).Keys);
    }

    [Fact]
    public async Task A_csv_list_with_quoted_ids_is_read_field_by_field()
    {
        var prefix = "q" + Guid.NewGuid().ToString("N")[..6] + "-";
        using var response = await SendCsvAsync($"keyLifetimeDays,deviceId\n10,\"{prefix}a\"\n , {prefix}b \n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, result.RootElement.GetProperty("created").GetInt32());
        Assert.Single((await api.GetDeviceAsync(prefix + "a")).Keys);
        Assert.Single((await api.GetDeviceAsync(prefix + "b")).Keys);
    }

    [Fact]
    public async Task A_csv_list_with_an_unreadable_line_names_the_line_and_creates_nothing()
    {
        var prefix = "q" + Guid.NewGuid().ToString("N")[..6] + "-";
        using var response = await SendCsvAsync($"{prefix}a,5\n{prefix}b,five\n\"{prefix}c,1\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid-device-list", problem.RootElement.GetProperty("code").GetString());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["line 2: keyLifetimeDays must be a positive whole number of days", "line 3: a quoted field is not closed"], errors);
        using var lookup = await api.OperatorSendAsync(HttpMethod.Get, $"/v1/admin/devices/{prefix}a");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task A_bulk_list_in_another_format_is_refused_with_415()
    {
        var request = api.Operator(HttpMethod.Post, "/v1/admin/devices/bulk");
        request.Content = new StringContent("dev-a", Encoding.UTF8, "text/plain");

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported-media-type", (await response.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
    }

    [Theory]
    [InlineData("GET", "/v1/admin/no-such-thing", 404, "not-found")]
    [InlineData("PUT", "/v1/admin/devices", 405, "method-not-allowed")]
    public async Task Answers_the_framework_writes_carry_a_code_too(string method, string path, int status, string code)
    {
        using var response = await api.OperatorSendAsync(new HttpMethod(method), path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
    }

    private async Task<HttpResponseMessage> SendCsvAsync(string csv)
    {
        var request = api.Operator(HttpMethod.Post, "/v1/admin/devices/bulk");
        request.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await api.Http.SendAsync(request);
    }
}
