using System.Text.Json;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Parses and validates an App ingest body:
/// <c>{"batch_id": "...", "records": [{"device_id", "seq", "event_time", "received_at", "payload"}]}</c>.
/// All-or-nothing: one invalid record rejects the batch.
/// </summary>
internal static class IngestBatchParser
{
    public const string MalformedRequest = "MALFORMED_REQUEST";
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";

    public static bool TryParse(ReadOnlyMemory<byte> body, out IngestBatch? batch, out IngestBatchRejection? rejection)
    {
        batch = null;
        rejection = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            rejection = new IngestBatchRejection(MalformedRequest, $"The request body is not valid JSON: {exception.Message}", []);
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                rejection = BodyError("The request body must be a JSON object.");
                return false;
            }

            if (!root.TryGetProperty("batch_id", out var batchIdElement)
                || batchIdElement.ValueKind != JsonValueKind.String
                || batchIdElement.GetString() is not { Length: > 0 } batchId)
            {
                rejection = BodyError("batch_id must be a non-empty string.");
                return false;
            }

            if (!root.TryGetProperty("records", out var recordsElement)
                || recordsElement.ValueKind != JsonValueKind.Array
                || recordsElement.GetArrayLength() == 0)
            {
                rejection = BodyError("records must be a non-empty array.");
                return false;
            }

            var records = new List<EmulatorRecord>(recordsElement.GetArrayLength());
            var invalidRecords = new List<int>();
            string? firstProblem = null;
            var index = 0;
            foreach (var recordElement in recordsElement.EnumerateArray())
            {
                var problem = TryReadRecord(recordElement, batchId, out var record);
                if (problem is null)
                {
                    records.Add(record!);
                }
                else
                {
                    invalidRecords.Add(index);
                    firstProblem ??= $"record {index}: {problem}";
                }

                index++;
            }

            if (invalidRecords.Count > 0)
            {
                var message = invalidRecords.Count == 1
                    ? firstProblem!
                    : $"{firstProblem} (and {invalidRecords.Count - 1} more invalid records)";
                rejection = new IngestBatchRejection(InvalidParameterValue, message, invalidRecords);
                return false;
            }

            batch = new IngestBatch(batchId, records);
            return true;
        }
    }

    /// <summary>Returns null and the record when valid, otherwise what is wrong with it.</summary>
    private static string? TryReadRecord(JsonElement element, string batchId, out EmulatorRecord? record)
    {
        record = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return "must be a JSON object";
        }

        if (!element.TryGetProperty("device_id", out var deviceIdElement)
            || deviceIdElement.ValueKind != JsonValueKind.String
            || deviceIdElement.GetString() is not { Length: > 0 } deviceId)
        {
            return "device_id must be a non-empty string";
        }

        if (!element.TryGetProperty("seq", out var seqElement)
            || seqElement.ValueKind != JsonValueKind.Number
            || !seqElement.TryGetInt64(out var seq)
            || seq < 0)
        {
            return "seq must be an integer >= 0";
        }

        if (!TryReadTimestamp(element, "event_time", out var eventTime))
        {
            return "event_time must be an RFC 3339 date-time string";
        }

        if (!TryReadTimestamp(element, "received_at", out var receivedAt))
        {
            return "received_at must be an RFC 3339 date-time string";
        }

        if (!element.TryGetProperty("payload", out var payloadElement) || payloadElement.ValueKind != JsonValueKind.Object)
        {
            return "payload must be a JSON object";
        }

        record = new EmulatorRecord(deviceId, seq, eventTime, receivedAt, payloadElement.GetRawText(), batchId);
        return null;
    }

    private static bool TryReadTimestamp(JsonElement record, string name, out DateTimeOffset value)
    {
        value = default;
        return record.TryGetProperty(name, out var element)
            && element.ValueKind == JsonValueKind.String
            && Rfc3339Timestamp.TryParse(element.GetString(), out value);
    }

    private static IngestBatchRejection BodyError(string message) => new(InvalidParameterValue, message, []);
}
