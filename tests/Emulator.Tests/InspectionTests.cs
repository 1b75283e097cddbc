using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Lakegate.DatabricksEmulator.Tests;

public sealed class InspectionTests(EmulatorFixture fixture) : EmulatorTest<EmulatorFixture>(fixture, withToken: true)
{

    [Fact]
    public async Task Stats_report_every_counter_in_camel_case()
    {
        var body = IngestBodies.Batch("b1", "dev-a", [1, 2]);
        (await Client.PostIngestAsync(Token, body)).Dispose();
        (await Client.PostIngestAsync(Token, IngestBodies.Batch("b2", "dev-b", [2, 2]))).Dispose();
        (await Client.PostIngestAsync(null, body)).Dispose();

        using var response = await Client.Http.GetAsync("_emulator/stats");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stats = await EmulatorClient.ReadJsonAsync(response);
        var root = stats.RootElement;
        Assert.Equal(3, root.GetProperty("records").GetInt64());
        Assert.Equal(1, root.GetProperty("duplicates").GetInt64());
        Assert.Equal(2, root.GetProperty("batches").GetInt64());
        Assert.Equal(3, root.GetProperty("appRequests").GetInt64());
        Assert.Equal(1, root.GetProperty("tokenGrants").GetInt64());
        Assert.Equal(1, root.GetProperty("tokenRequests").GetInt64());
        Assert.Equal(Server.State.BytesReceived, root.GetProperty("bytesReceived").GetInt64());
        Assert.True(Server.State.BytesReceived > Encoding.UTF8.GetByteCount(body));
        Assert.Equal(2, root.GetProperty("devices").GetInt32());
    }

    [Fact]
    public async Task Records_of_a_device_are_listed_by_seq_with_the_payload_as_json()
    {
        (await Client.PostIngestAsync(Token, IngestBodies.Batch("b1", IngestBodies.Record("dev", 5, new { v = 5 }), IngestBodies.Record("dev", 3, new { v = 3 })))).Dispose();

        using var response = await Client.Http.GetAsync("_emulator/records?deviceId=dev");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var listing = await EmulatorClient.ReadJsonAsync(response);
        var records = listing.RootElement.GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal([3L, 5L], records.Select(r => r.GetProperty("seq").GetInt64()));
        Assert.Equal(3, records[0].GetProperty("payload").GetProperty("v").GetInt32());
        Assert.Equal("b1", records[0].GetProperty("batchId").GetString());
        Assert.Equal("dev", records[0].GetProperty("deviceId").GetString());
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, 125, TimeSpan.Zero), records[0].GetProperty("eventTime").GetDateTimeOffset());

        using var missing = await Client.Http.GetAsync("_emulator/records");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Reset_clears_records_and_counters_but_keeps_tokens_valid()
    {
        (await Client.PostIngestAsync(Token, IngestBodies.Batch("b1", "dev", [1, 1]))).Dispose();

        using var reset = await Client.Http.PostAsync("_emulator/reset", null);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, Server.State.RecordCount);
        Assert.Equal(0, Server.State.DuplicateCount);
        Assert.Equal(0, Server.State.BatchCount);
        Assert.Equal(0, Server.State.AppRequestCount);
        Assert.Equal(0, Server.State.TokenGrantCount);
        Assert.Equal(0, Server.State.BytesReceived);
        Assert.Empty(Server.State.DeviceIds);
        Assert.Empty(Server.State.GetRecords("dev"));

        using var again = await Client.PostIngestAsync(Token, IngestBodies.Batch("b2", "dev", [1]));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, Server.State.RecordCount);
    }

    [Fact]
    public async Task Revoke_endpoint_invalidates_every_issued_token()
    {
        var second = await Client.GetTokenAsync();

        using var revoke = await Client.Http.PostAsync("_emulator/tokens/revoke", null);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var body = await EmulatorClient.ReadJsonAsync(revoke);
        Assert.Equal(2, body.RootElement.GetProperty("revoked").GetInt32());
        foreach (var revoked in new[] { Token, second })
        {
            using var response = await Client.PostIngestAsync(revoked, IngestBodies.Batch("b", "dev", [1]));
            await BearerCheckTests.AssertWorkspaceErrorAsync(response, 403, "Invalid access token.");
        }
    }

    [Fact]
    public async Task Faults_can_be_read_and_replaced_over_http()
    {
        using var put = await Client.Http.PutAsJsonAsync("_emulator/faults", new { appDown = true, appRetryAfterSeconds = 9, tokenLifetimeSecondsOverride = 120, seed = 7 });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True(Server.Faults.AppDown);
        Assert.Equal(9, Server.Faults.AppRetryAfterSeconds);
        Assert.Equal(120, Server.Faults.TokenLifetimeSecondsOverride);
        Assert.Equal(7, Server.Faults.Seed);

        using var ingest = await Client.PostIngestAsync(Token, IngestBodies.Batch("b", "dev", [1]));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ingest.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(9), ingest.Headers.RetryAfter?.Delta);

        using var get = await Client.Http.GetAsync("_emulator/faults");
        using var faults = await EmulatorClient.ReadJsonAsync(get);
        Assert.True(faults.RootElement.GetProperty("appDown").GetBoolean());
        Assert.Equal(0, faults.RootElement.GetProperty("appErrorRate").GetDouble());
        Assert.Equal(120, faults.RootElement.GetProperty("tokenLifetimeSecondsOverride").GetInt32());

        using var replaced = await Client.Http.PutAsJsonAsync("_emulator/faults", new { permissionDenied = true });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.False(Server.Faults.AppDown);
        Assert.Null(Server.Faults.TokenLifetimeSecondsOverride);
        Assert.True(Server.Faults.PermissionDenied);
    }

    [Theory]
    [InlineData("""{"appErrorRate": 2}""")]
    [InlineData("""{"appDwn": true}""")]
    [InlineData("""not json""")]
    public async Task Invalid_fault_bodies_are_400_and_change_nothing(string body)
    {
        Server.Faults.AppThrottleRate = 0.5;

        using var response = await Client.Http.PutAsync("_emulator/faults", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0.5, Server.Faults.AppThrottleRate);
    }
}
