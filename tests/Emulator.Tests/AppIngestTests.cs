using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lakegate.DatabricksEmulator.Tests;

public sealed class AppIngestTests(SmallBodyLimitEmulatorFixture fixture) : EmulatorTest<SmallBodyLimitEmulatorFixture>(fixture, withToken: true)
{

    [Fact]
    public void App_ingest_url_is_under_the_base_url()
    {
        Assert.Equal(new Uri(Server.BaseUrl, "apps/lakegate/api/ingest"), Server.AppIngestUrl);
        Assert.NotEqual(0, Server.BaseUrl.Port);
    }

    [Fact]
    public async Task A_valid_batch_is_stored_verbatim_and_acknowledged()
    {
        var body = IngestBodies.Batch(
            "batch-1",
            IngestBodies.Record("dev-a", 2, new { t = 1.5, tags = new[] { "x" }, nested = new { ok = true } }),
            IngestBodies.Record("dev-a", 1),
            IngestBodies.Record("dev-b", 7));

        using var response = await Client.PostIngestAsync(Token, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var ack = await EmulatorClient.ReadJsonAsync(response);
        Assert.Equal("batch-1", ack.RootElement.GetProperty("batch_id").GetString());
        Assert.Equal(3, ack.RootElement.GetProperty("received").GetInt32());
        Assert.Equal(3, ack.RootElement.GetProperty("stored").GetInt32());
        Assert.Equal(0, ack.RootElement.GetProperty("duplicates").GetInt32());

        Assert.Equal(3, Server.State.RecordCount);
        Assert.Equal(1, Server.State.BatchCount);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), Server.State.BytesReceived);
        Assert.Equal(["dev-a", "dev-b"], Server.State.DeviceIds.Order());

        var records = Server.State.GetRecords("dev-a");
        Assert.Equal([1L, 2L], records.Select(r => r.Seq));
        var second = records[1];
        Assert.Equal("batch-1", second.BatchId);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, 125, TimeSpan.Zero), second.EventTime);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 1, TimeSpan.FromHours(1)), second.ReceivedAt);
        Assert.Equal("""{"t":1.5,"tags":["x"],"nested":{"ok":true}}""", second.PayloadJson);
        Assert.Empty(Server.State.GetRecords("dev-unknown"));
    }

    [Fact]
    public async Task Redelivered_records_are_counted_as_duplicates_and_not_stored_again()
    {
        using (var first = await Client.PostIngestAsync(Token, IngestBodies.Batch("b1", "dev", [1, 2, 3])))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var second = await Client.PostIngestAsync(Token, IngestBodies.Batch("b2", "dev", [2, 3, 4, 4]));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using var ack = await EmulatorClient.ReadJsonAsync(second);
        Assert.Equal(4, ack.RootElement.GetProperty("received").GetInt32());
        Assert.Equal(1, ack.RootElement.GetProperty("stored").GetInt32());
        Assert.Equal(3, ack.RootElement.GetProperty("duplicates").GetInt32());
        Assert.Equal(4, Server.State.RecordCount);
        Assert.Equal(3, Server.State.DuplicateCount);
        Assert.Equal(2, Server.State.BatchCount);
        Assert.Equal(["b1", "b1", "b1", "b2"], Server.State.GetRecords("dev").Select(r => r.BatchId));
    }

    [Fact]
    public async Task Concurrent_overlapping_batches_store_each_record_once()
    {
        var batches = Enumerable.Range(0, 16).Select(i =>
            IngestBodies.Batch($"b{i}", "dev", Enumerable.Range(i * 5, 10).Select(seq => (long)seq)));

        var responses = await Task.WhenAll(batches.Select(body => Client.PostIngestAsync(Token, body)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(85, Server.State.RecordCount);
        Assert.Equal(160 - 85, Server.State.DuplicateCount);
        Assert.Equal(Enumerable.Range(0, 85).Select(seq => (long)seq), Server.State.GetRecords("dev").Select(r => r.Seq));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Invalid_records_reject_the_whole_batch_and_are_listed()
    {
        var valid = IngestBodies.Record("dev", 1);
        var negativeSeq = IngestBodies.Record("dev", -1);
        var body = IngestBodies.Batch("bad", valid, negativeSeq, IngestBodies.Record("dev", 3), new { device_id = "dev", seq = 4 });

        using var response = await Client.PostIngestAsync(Token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = await EmulatorClient.ReadJsonAsync(response);
        Assert.Equal("INVALID_PARAMETER_VALUE", error.RootElement.GetProperty("error_code").GetString());
        Assert.StartsWith("record 1: seq", error.RootElement.GetProperty("message").GetString());
        Assert.Equal([1, 3], error.RootElement.GetProperty("invalid_records").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(0, Server.State.RecordCount);
        Assert.Equal(0, Server.State.BatchCount);
        Assert.Equal(1, Server.State.AppRequestCount);
    }

    public static TheoryData<string, string> InvalidRecords => new()
    {
        { """{"seq":1,"event_time":"2025-03-01T10:00:00Z","received_at":"2025-03-01T10:00:00Z","payload":{}}""", "device_id" },
        { """{"device_id":7,"seq":1,"event_time":"2025-03-01T10:00:00Z","received_at":"2025-03-01T10:00:00Z","payload":{}}""", "device_id" },
        { """{"device_id":"d","seq":1.5,"event_time":"2025-03-01T10:00:00Z","received_at":"2025-03-01T10:00:00Z","payload":{}}""", "seq" },
        { """{"device_id":"d","seq":"1","event_time":"2025-03-01T10:00:00Z","received_at":"2025-03-01T10:00:00Z","payload":{}}""", "seq" },
        { """{"device_id":"d","seq":1,"event_time":"2025-03-01 10:00:00","received_at":"2025-03-01T10:00:00Z","payload":{}}""", "event_time" },
        { """{"device_id":"d","seq":1,"event_time":"2025-03-01T10:00:00","received_at":"2025-03-01T10:00:00Z","payload":{}}""", "event_time" },
        { """{"device_id":"d","seq":1,"event_time":"2025-13-01T10:00:00Z","received_at":"2025-03-01T10:00:00Z","payload":{}}""", "event_time" },
        { """{"device_id":"d","seq":1,"event_time":"2025-03-01T10:00:00Z","received_at":1740823200000,"payload":{}}""", "received_at" },
        { """{"device_id":"d","seq":1,"event_time":"2025-03-01T10:00:00Z","received_at":"2025-03-01T10:00:00Z","payload":[1]}""", "payload" },
        { """{"device_id":"d","seq":1,"event_time":"2025-03-01T10:00:00Z","received_at":"2025-03-01T10:00:00Z"}""", "payload" },
        { "42", "JSON object" },
    };

    [Theory]
    [MemberData(nameof(InvalidRecords))]
    public async Task Each_record_rule_is_enforced(string recordJson, string expectedInMessage)
    {
        using var response = await Client.PostIngestAsync(Token, $$"""{"batch_id":"b","records":[{{recordJson}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = await EmulatorClient.ReadJsonAsync(response);
        Assert.StartsWith("record 0: ", error.RootElement.GetProperty("message").GetString());
        Assert.Contains(expectedInMessage, error.RootElement.GetProperty("message").GetString());
        Assert.Equal([0], error.RootElement.GetProperty("invalid_records").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(0, Server.State.RecordCount);
    }

    [Theory]
    [InlineData("""{"records":[]}""", "batch_id")]
    [InlineData("""{"batch_id":"","records":[{}]}""", "batch_id")]
    [InlineData("""{"batch_id":"b","records":[]}""", "records")]
    [InlineData("""{"batch_id":"b","records":{}}""", "records")]
    [InlineData("""[{"batch_id":"b"}]""", "object")]
    public async Task A_malformed_batch_envelope_is_400(string body, string expectedInMessage)
    {
        using var response = await Client.PostIngestAsync(Token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = await EmulatorClient.ReadJsonAsync(response);
        Assert.Equal("INVALID_PARAMETER_VALUE", error.RootElement.GetProperty("error_code").GetString());
        Assert.Contains(expectedInMessage, error.RootElement.GetProperty("message").GetString());
        Assert.Equal(0, Server.State.BatchCount);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_400_malformed_request()
    {
        using var response = await Client.PostIngestAsync(Token, "batch_id=b&records=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = await EmulatorClient.ReadJsonAsync(response);
        Assert.Equal("MALFORMED_REQUEST", error.RootElement.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_nothing_is_stored()
    {
        var body = IngestBodies.Batch("big", "dev", Enumerable.Range(0, 60).Select(i => (long)i));
        Assert.True(Encoding.UTF8.GetByteCount(body) > SmallBodyLimitEmulatorFixture.MaxRequestBodyBytes);

        using var response = await Client.PostIngestAsync(Token, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, Server.State.RecordCount);
        Assert.Equal(0, Server.State.BatchCount);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        var body = Encoding.UTF8.GetBytes(IngestBodies.Batch("big", "dev", Enumerable.Range(0, 60).Select(i => (long)i)));
        using var request = new HttpRequestMessage(HttpMethod.Post, Server.AppIngestUrl)
        {
            Content = new StreamContent(new UnknownLengthStream(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        request.Headers.TransferEncodingChunked = true;

        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, Server.State.RecordCount);
        Assert.True(Server.State.BytesReceived > SmallBodyLimitEmulatorFixture.MaxRequestBodyBytes);
    }

    [Fact]
    public async Task A_chunked_body_within_the_limit_is_accepted()
    {
        var body = Encoding.UTF8.GetBytes(IngestBodies.Batch("small", "dev", [1, 2]));
        using var request = new HttpRequestMessage(HttpMethod.Post, Server.AppIngestUrl)
        {
            Content = new StreamContent(new UnknownLengthStream(body)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        request.Headers.TransferEncodingChunked = true;

        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Server.State.RecordCount);
    }

    [Fact]
    public async Task An_unknown_app_is_404()
    {
        using var response = await Client.PostIngestAsync(Token, IngestBodies.Batch("b", "dev", [1]), appName: "other-app");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var error = await EmulatorClient.ReadJsonAsync(response);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.RootElement.GetProperty("error_code").GetString());
        Assert.Equal(0, Server.State.RecordCount);
    }

    [Fact]
    public async Task App_request_count_includes_rejected_requests_and_batch_count_only_accepted_ones()
    {
        (await Client.PostIngestAsync(null, IngestBodies.Batch("b0", "dev", [1]))).Dispose();
        (await Client.PostIngestAsync(Token, "not json")).Dispose();
        (await Client.PostIngestAsync(Token, IngestBodies.Batch("b1", "dev", [1]))).Dispose();

        Assert.Equal(3, Server.State.AppRequestCount);
        Assert.Equal(1, Server.State.BatchCount);
    }

    /// <summary>A readable stream that does not report its length, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
