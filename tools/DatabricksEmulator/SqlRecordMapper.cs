using System.Globalization;
using System.Text.Json;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Turns the rows of a parsed INSERT/MERGE into Lakegate records. Columns are matched by name, case-insensitively:
/// <c>device_id</c> (non-empty string), <c>seq</c> (integer >= 0, a number or its digits as a string),
/// <c>event_time</c> and <c>received_at</c> (RFC 3339, or <c>yyyy-MM-dd HH:mm:ss[.f]</c> meaning UTC),
/// <c>payload</c> (a string holding a JSON object) are required; <c>batch_id</c> is optional (default
/// <c>sql:{statement_id}</c>); other columns are ignored. One bad row fails the whole statement.
/// </summary>
internal static class SqlRecordMapper
{
    private static readonly string[] RequiredColumns = ["device_id", "seq", "event_time", "received_at", "payload"];

    /// <exception cref="SqlStatementFailure">A required column is missing or a row holds an invalid value.</exception>
    public static IReadOnlyList<EmulatorRecord> Map(SqlRecordStatement statement, string statementId)
    {
        var columnIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < statement.Columns.Count; index++)
        {
            if (!columnIndex.TryAdd(statement.Columns[index], index))
            {
                throw new SqlStatementFailure("COLUMN_ALREADY_EXISTS", $"The column {statement.Columns[index]} is listed twice.");
            }
        }

        var missing = RequiredColumns.Where(column => !columnIndex.ContainsKey(column)).ToArray();
        if (missing.Length > 0)
        {
            throw new SqlStatementFailure("MISSING_COLUMNS", $"Lakegate records need the columns {string.Join(", ", missing)}.");
        }

        var hasBatchId = columnIndex.TryGetValue("batch_id", out var batchIdIndex);
        var records = new List<EmulatorRecord>(statement.Rows.Count);
        for (var rowIndex = 0; rowIndex < statement.Rows.Count; rowIndex++)
        {
            var row = statement.Rows[rowIndex];
            string Problem(string detail) => $"row {rowIndex}: {detail}";

            var deviceId = row[columnIndex["device_id"]];
            if (deviceId.Kind != SqlValueKind.String || string.IsNullOrEmpty(deviceId.Text))
            {
                throw new SqlStatementFailure("INVALID_PARAMETER_VALUE", Problem("device_id must be a non-empty string."));
            }

            var seqValue = row[columnIndex["seq"]];
            if (seqValue.Kind is not (SqlValueKind.Number or SqlValueKind.String)
                || !long.TryParse(seqValue.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seq)
                || seq < 0)
            {
                throw new SqlStatementFailure("INVALID_PARAMETER_VALUE", Problem("seq must be an integer >= 0."));
            }

            var eventTime = ReadTimestamp(row[columnIndex["event_time"]], Problem("event_time must be a timestamp."));
            var receivedAt = ReadTimestamp(row[columnIndex["received_at"]], Problem("received_at must be a timestamp."));
            var payload = ReadJsonObject(row[columnIndex["payload"]], Problem("payload must be a JSON object."));

            var batchId = $"sql:{statementId}";
            if (hasBatchId && row[batchIdIndex] is { Kind: SqlValueKind.String, Text: { Length: > 0 } givenBatchId })
            {
                batchId = givenBatchId;
            }

            records.Add(new EmulatorRecord(deviceId.Text, seq, eventTime, receivedAt, payload, batchId));
        }

        return records;
    }

    private static DateTimeOffset ReadTimestamp(SqlValue value, string problem) =>
        value.Kind == SqlValueKind.String && Rfc3339Timestamp.TryParseLenient(value.Text, out var timestamp)
            ? timestamp
            : throw new SqlStatementFailure("INVALID_PARAMETER_VALUE", problem);

    private static string ReadJsonObject(SqlValue value, string problem)
    {
        if (value.Kind != SqlValueKind.String || value.Text is null)
        {
            throw new SqlStatementFailure("INVALID_PARAMETER_VALUE", problem);
        }

        try
        {
            using var document = JsonDocument.Parse(value.Text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.GetRawText()
                : throw new SqlStatementFailure("INVALID_PARAMETER_VALUE", problem);
        }
        catch (JsonException)
        {
            throw new SqlStatementFailure("INVALID_PARAMETER_VALUE", problem);
        }
    }
}
