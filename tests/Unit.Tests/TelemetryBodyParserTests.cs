using System.Text;
using Lakegate.Api.Ingest;

namespace Lakegate.Unit.Tests;

public sealed class TelemetryBodyParserTests
{
    private static readonly DateTimeOffset Received = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static TelemetryParseResult Parse(string body, int max = 10) =>
        TelemetryBodyParser.Parse(Encoding.UTF8.GetBytes(body), Received, max);

    [Fact]
    public void One_object_is_one_reading_kept_verbatim_with_receipt_time()
    {
        var result = Parse("{ \"t\": 1.50, \"unit\": \"C\" }");
        var reading = Assert.Single(result.Readings!);
        Assert.Equal("{ \"t\": 1.50, \"unit\": \"C\" }", reading.Payload);
        Assert.Equal(Received, reading.EventTime);
    }

    [Theory]
    [InlineData("\"2026-11-30T10:00:00Z\"", "2026-11-30T10:00:00+00:00")]
    [InlineData("\"2026-11-30T10:00:00.250+02:00\"", "2026-11-30T08:00:00.25+00:00")]
    [InlineData("1764496800000", "2025-11-30T10:00:00+00:00")]
    public void Ts_sets_the_event_time(string ts, string expected)
    {
        var result = Parse($"[{{\"ts\": {ts}}}]");
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Readings![0].EventTime);
    }

    [Theory]
    [InlineData("{", "malformed-json")]
    [InlineData("[]", "empty-batch")]
    [InlineData("[{}, 3]", "not-an-object")]
    [InlineData("\"text\"", "not-an-object")]
    [InlineData("{\"ts\": \"yesterday\"}", "bad-timestamp")]
    [InlineData("{\"ts\": \"2026-11-30T10:00:00\"}", "bad-timestamp")]
    [InlineData("{\"ts\": 1.5}", "bad-timestamp")]
    [InlineData("{\"ts\": -1}", "bad-timestamp")]
    [InlineData("{\"ts\": true}", "bad-timestamp")]
    [InlineData("[{},{},{}]", "too-many-readings")]
    [InlineData("{\"s\": \"\\ud800\"}", "malformed-json")]
    [InlineData("{\"s\": \"a\\udc00b\"}", "malformed-json")]
    [InlineData("[{\"\\udbff\": 1}]", "malformed-json")]
    [InlineData("{\"s\": \"\\ud83d\\ud83d\"}", "malformed-json")]
    public void Bad_bodies_are_rejected_whole_with_a_code(string body, string code)
    {
        var result = Parse(body, max: 2);
        Assert.False(result.IsValid);
        Assert.Equal(code, result.ErrorCode);
    }

    [Theory]
    [InlineData("{\"s\": \"\\ud83d\\ude00\"}")]
    [InlineData("{\"s\": \"\\u00e9\\n\"}")]
    [InlineData("{\"\\ud83d\\ude00\": \"\\\\ud800 is only text here\"}")]
    public void Escapes_that_make_text_are_kept_verbatim(string body)
    {
        var result = Parse(body);
        Assert.True(result.IsValid, result.ErrorDetail);
        Assert.Equal(body, result.Readings![0].Payload);
    }
}
