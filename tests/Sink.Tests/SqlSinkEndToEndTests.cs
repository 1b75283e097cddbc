using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Lakegate.Api.Hosting;
using Lakegate.DatabricksEmulator;

namespace Lakegate.Sink.Tests;

/// <summary>The gateway configured with Databricks:Sink = sql, over real HTTP, writing into an emulated warehouse.</summary>
public sealed class SqlSinkEndToEndTests
{
    private const string OperatorKey = "lgo_sql-sink-operator-key-0123456789abcdef";

    [Fact]
    public async Task Readings_posted_over_HTTP_land_through_the_SQL_path_exactly_once()
    {
        await using var emulator = await DatabricksEmulatorServer.StartAsync(new EmulatorOptions { ClientId = "sql-e2e", ClientSecret = "sql-e2e-secret" });
        emulator.Faults.SqlPendingPolls = 1;
        var host = await LakegateHost.StartAsync([], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Orleans:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = "sql-sink-" + Guid.NewGuid().ToString("N"),
            ["Operators:ApiKeys:0"] = OperatorKey,
            ["Ingest:FlushMaxAge"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Databricks:Host"] = emulator.BaseUrl.ToString(),
            ["Databricks:ClientId"] = "sql-e2e",
            ["Databricks:ClientSecret"] = "sql-e2e-secret",
            ["Databricks:Sink"] = "sql",
            ["Databricks:Sql:WarehouseId"] = "wh-e2e",
            ["Databricks:Sql:Table"] = "main.telemetry.readings",
            ["Databricks:Sql:PollInterval"] = "00:00:00.050",
        });
        await using var _ = host;
        Assert.Null(host.Emulator);
        using var http = new HttpClient { BaseAddress = host.ApiUrl };

        var devices = new[] { "sql-e2e-1", "sql-e2e-2", "sql-e2e-3" };
        var keys = new Dictionary<string, string>();
        foreach (var device in devices)
        {
            using var create = Operator(HttpMethod.Post, "/v1/admin/devices", new { deviceId = device });
            using var created = await http.SendAsync(create);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            keys[device] = (await created.Content.ReadFromJsonAsync<CreatedDevice>())!.Key;
        }

        const string hostile = "{\"note\":\"'); DROP TABLE main.telemetry.readings; --\",\"u\":\"żółw 🐢\"}";
        foreach (var device in devices)
        {
            for (var i = 0; i < 5; i++)
            {
                var body = i == 0 ? hostile : $"{{\"ts\":\"2026-11-30T10:00:0{i}Z\",\"t\":{20 + i}}}";
                using var post = new HttpRequestMessage(HttpMethod.Post, $"/v1/devices/{device}/telemetry") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[device]);
                using var accepted = await http.SendAsync(post);
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }
        }

        await Deadline.WaitUntil(
            () => Task.FromResult(devices.All(d => emulator.State.GetRecords(d).Count == 5)),
            TimeSpan.FromSeconds(30),
            "the readings did not land through the SQL sink");

        foreach (var device in devices)
        {
            var stored = emulator.State.GetRecords(device);
            Assert.Equal([1L, 2, 3, 4, 5], stored.Select(r => r.Seq));
            Assert.Equal(hostile, stored[0].PayloadJson);
            Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 4, TimeSpan.Zero), stored[4].EventTime);
        }

        Assert.True(emulator.State.SqlStatementCount >= 1);
        Assert.Equal(0, emulator.State.AppRequestCount);
        Assert.Equal(1, emulator.State.TokenGrantCount);
        await Deadline.WaitUntil(
            async () =>
            {
                using var get = Operator(HttpMethod.Get, $"/v1/admin/devices/{devices[0]}");
                using var answer = await http.SendAsync(get);
                return answer.IsSuccessStatusCode && (await answer.Content.ReadFromJsonAsync<DeviceCounts>())!.Delivered == 5;
            },
            TimeSpan.FromSeconds(30),
            "the device never counted its readings as delivered");
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

    private sealed record CreatedDevice(string DeviceId, string Key);

    private sealed record DeviceCounts(long Accepted, long Delivered);
}
