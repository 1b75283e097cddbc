using System.Globalization;
using System.Text.Json;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Ingest;

/// <summary>
/// Turns a request body into readings: one JSON object or a non-empty array of objects, each kept
/// verbatim. A top-level <c>ts</c> (RFC 3339 string or Unix epoch milliseconds) is the event time;
/// without it the event time is the time of receipt. Any fault rejects the whole request.
/// </summary>
public static class TelemetryBodyParser
{
    private const long MaxEpochMilliseconds = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

    /// <summary>
    /// Deepest nesting a reading may have. The batch sent to Databricks wraps each payload three levels
    /// deeper, and JSON readers commonly stop at 64: a reading that could not be delivered is refused here.
    /// </summary>
    public const int MaxDepth = 32;

    public static TelemetryParseResult Parse(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, int maxReadings)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return TelemetryParseResult.Error("malformed-json", "The body is not valid UTF-8.");
        }

        if (HasUnpairedSurrogateEscape(body.Span))
        {
            return TelemetryParseResult.Error("malformed-json", "The body escapes half of a UTF-16 surrogate pair (\\uD800-\\uDFFF without its other half): that is no Unicode text.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            return TelemetryParseResult.Error("malformed-json", $"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return ParseReading(root, 0, receivedAt, out var reading, out var error)
                    ? TelemetryParseResult.Ok([reading!])
                    : error!;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return TelemetryParseResult.Error("not-an-object", "The body must be a JSON object or an array of objects.");
            }

            var count = root.GetArrayLength();
            if (count == 0)
            {
                return TelemetryParseResult.Error("empty-batch", "The batch holds no readings.");
            }

            if (count > maxReadings)
            {
                return TelemetryParseResult.Error("too-many-readings", $"A request may hold at most {maxReadings} readings; this one holds {count}.");
            }

            var readings = new IngestReading[count];
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                if (!ParseReading(element, index, receivedAt, out var reading, out var error))
                {
                    return error!;
                }

                readings[index++] = reading!;
            }

            return TelemetryParseResult.Ok(readings);
        }
    }

    private static bool ParseReading(JsonElement element, int index, DateTimeOffset receivedAt, out IngestReading? reading, out TelemetryParseResult? error)
    {
        reading = null;
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = TelemetryParseResult.Error("not-an-object", $"Reading {index} is a {element.ValueKind.ToString().ToLowerInvariant()}, not a JSON object.");
            return false;
        }

        var eventTime = receivedAt;
        if (element.TryGetProperty("ts", out var ts) && !TryReadTimestamp(ts, out eventTime))
        {
            error = TelemetryParseResult.Error("bad-timestamp", $"Reading {index} has a ts that is neither an RFC 3339 time with an offset nor Unix epoch milliseconds.");
            return false;
        }

        reading = new IngestReading(element.GetRawText(), eventTime);
        return true;
    }

    /// <summary>
    /// True when a string or property name escapes a lone surrogate (<c>"\ud800"</c>): valid JSON grammar, but no
    /// text, and readers downstream (Databricks' among them) refuse it. Only bodies with a <c>\u</c> escape are read.
    /// </summary>
    private static bool HasUnpairedSurrogateEscape(ReadOnlySpan<byte> body)
    {
        if (body.IndexOf("\\u"u8) < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        catch (JsonException)
        {
            // Malformed JSON is reported by the parse that follows, with its position.
        }

        return false;
    }

    internal static bool TryReadTimestamp(JsonElement ts, out DateTimeOffset value)
    {
        value = default;
        switch (ts.ValueKind)
        {
            case JsonValueKind.Number when ts.TryGetInt64(out var milliseconds) && milliseconds is >= 0 and <= MaxEpochMilliseconds:
                value = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
                return true;
            case JsonValueKind.String:
                return TryParseRfc3339(ts.GetString()!, out value);
            default:
                return false;
        }
    }

    internal static bool TryParseRfc3339(string text, out DateTimeOffset value)
    {
        value = default;
        // RFC 3339 requires a full date, a time and an explicit offset (Z or ±hh:mm).
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] is not ('T' or 't' or ' '))
        {
            return false;
        }

        var last = text[^1];
        var hasOffset = last is 'Z' or 'z' || (text.Length >= 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
