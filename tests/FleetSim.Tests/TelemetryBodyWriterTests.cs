using System.Buffers;
using System.Text.Json;
using Lakegate.FleetSim.Data;
using Lakegate.FleetSim.Options;
using Lakegate.FleetSim.Replay;

namespace Lakegate.FleetSim.Tests;

public class TelemetryBodyWriterTests
{
    private const long RunStart = 1_750_000_000_000;

    private static JsonElement Write(DeviceReplayCursor cursor, int count)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        TelemetryBodyWriter.Write(writer, cursor, count);
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    private static SourceStream Stream(string name) => SourceStreamCatalogTests.AllStreams.Value.Single(s => s.Name == name);

    [Fact]
    public void A_batch_of_one_is_an_object_with_ts_as_an_RFC3339_string()
    {
        var cursor = new DeviceReplayCursor(Stream("ulb-library1-node10"), 0, RunStart, TimestampAnchor.Start);

        var body = Write(cursor, 1);

        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(RunStart), body.GetProperty("ts").GetDateTimeOffset());
        Assert.EndsWith("Z", body.GetProperty("ts").GetString());
        Assert.Equal("ulb-library1", body.GetProperty("source").GetString());
        Assert.Equal(10, body.GetProperty("node").GetInt32());
        Assert.Equal(1, body.GetProperty("sourceSeq").GetInt32());
        Assert.Equal(20.07, body.GetProperty("internalTemperature").GetDouble());
        Assert.Equal(22.3, body.GetProperty("temperature").GetDouble());
        Assert.Equal(51.46, body.GetProperty("humidity").GetDouble());
        Assert.Equal(1, body.GetProperty("simSeq").GetInt64());
    }

    [Fact]
    public void A_batch_is_an_array_whose_ts_alternates_between_string_and_epoch_milliseconds()
    {
        var stream = Stream("ulb-library1-node10");
        var r3Start = stream.Readings.Cast<UlbReading>().ToList().FindIndex(r => r.Sequence >= 1000);
        var cursor = new DeviceReplayCursor(stream, r3Start, RunStart, TimestampAnchor.Start);

        var body = Write(cursor, 4);

        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        var items = body.EnumerateArray().ToList();
        Assert.Equal(4, items.Count);
        Assert.Equal(
            new[] { JsonValueKind.String, JsonValueKind.Number, JsonValueKind.String, JsonValueKind.Number },
            items.Select(i => i.GetProperty("ts").ValueKind));
        Assert.Equal(RunStart, items[0].GetProperty("ts").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.All(items, i => Assert.True(i.GetProperty("sourceSeq").GetInt32() >= 1000));
        Assert.Equal(new long[] { 1, 2, 3, 4 }, items.Select(i => i.GetProperty("simSeq").GetInt64()));
    }

    [Fact]
    public void An_empty_beach_record_has_no_ts_and_null_measurements()
    {
        var montrose = Stream("chicago-beach-montrose-beach");
        var emptyIndex = montrose.Readings.ToList().FindIndex(r => r.EventTimeUnixMs is null);
        var cursor = new DeviceReplayCursor(montrose, emptyIndex, RunStart, TimestampAnchor.End);

        var body = Write(cursor, 1);

        Assert.False(body.TryGetProperty("ts", out _));
        Assert.Equal("chicago-beach", body.GetProperty("source").GetString());
        Assert.Equal("Montrose Beach", body.GetProperty("beach").GetString());
        Assert.Equal("MontroseBeach", body.GetProperty("measurementId").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("waterTemperature").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("batteryLife").ValueKind);
    }

    [Fact]
    public void Beach_sentinels_are_sent_as_recorded()
    {
        var rainbow = Stream("chicago-beach-rainbow-beach");
        var sentinel = rainbow.Readings.ToList().FindIndex(r => ((ChicagoReading)r).WaveHeight == -99999.992);
        var cursor = new DeviceReplayCursor(rainbow, sentinel, RunStart, TimestampAnchor.End);

        var body = Write(cursor, 1);

        Assert.Equal(-99999.992, body.GetProperty("waveHeight").GetDouble());
        Assert.Equal(-100000, body.GetProperty("wavePeriod").GetDouble());
        Assert.True(body.GetProperty("ts").GetDateTimeOffset().ToUnixTimeMilliseconds() < RunStart);
    }
}
