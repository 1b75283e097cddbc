using System.Text.Json;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Ingest;

namespace Lakegate.Unit.Tests;

public sealed class AppBatchJsonTests
{
    [Fact]
    public void The_body_has_the_documented_snake_case_shape_and_verbatim_payloads()
    {
        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(2));
        var batch = new SinkBatch("b-1", [new TelemetryRecord("dev:1", 17, at, at.AddSeconds(1), "{\"t\":21.50,\"n\":[1,2]}")]);
        using var json = JsonDocument.Parse(AppBatchJson.Write(batch));
        var root = json.RootElement;
        Assert.Equal("b-1", root.GetProperty("batch_id").GetString());
        var record = Assert.Single(root.GetProperty("records").EnumerateArray().ToArray());
        Assert.Equal("dev:1", record.GetProperty("device_id").GetString());
        Assert.Equal(17, record.GetProperty("seq").GetInt64());
        Assert.Equal("2026-12-01T08:00:00Z", record.GetProperty("event_time").GetString());
        Assert.Equal("2026-12-01T08:00:01Z", record.GetProperty("received_at").GetString());
        Assert.Equal("{\"t\":21.50,\"n\":[1,2]}", record.GetProperty("payload").GetRawText());
    }
}
