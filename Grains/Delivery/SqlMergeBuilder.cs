using System.Globalization;
using System.Text;
using Lakegate.Grains.Ingest;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// Writes a batch as one or more statements of the form
/// <code>
/// MERGE INTO table AS t
/// USING (VALUES (:p0, :p1, :p2, :p3, :p4), ...) AS s(device_id, seq, event_time, received_at, payload)
/// ON t.device_id = s.device_id AND t.seq = s.seq
/// WHEN NOT MATCHED THEN INSERT (...) VALUES (s.device_id, ...)
/// </code>
/// so a record already in the table is left alone and a re-sent batch lands once. Every value is a
/// typed named parameter (payloads are device-controlled and never become statement text); equal
/// values within a statement share one parameter. A statement stays within the records, parameters and
/// bytes allowed; a record repeated within the batch is written once.
/// </summary>
public static class SqlMergeBuilder
{
    private const string Columns = "device_id, seq, event_time, received_at, payload";
    private const int ParametersPerRow = 5;
    private const int ParameterOverheadBytes = 48;

    /// <summary>The statements for <paramref name="records"/>, or null when a single record cannot fit in one statement.</summary>
    public static IReadOnlyList<SqlMergeStatement>? Build(IReadOnlyList<TelemetryRecord> records, string quotedTable, SqlStatementOptions options)
    {
        var maxRows = Math.Max(1, options.MaxRecordsPerStatement);
        var maxParameters = Math.Max(ParametersPerRow, options.MaxParametersPerStatement);
        var maxBytes = Math.Min(Math.Max(1024, options.MaxStatementBytes), SqlStatementOptions.ApiMaxStatementBytes);

        var statements = new List<SqlMergeStatement>();
        var seen = new HashSet<(string, long)>();
        Builder? current = null;
        for (var index = 0; index < records.Count; index++)
        {
            var record = records[index];
            if (!seen.Add((record.DeviceId, record.Seq)))
            {
                continue;
            }

            var values = Values(record);
            current ??= new Builder(quotedTable, index);
            if (current.Rows > 0 && !current.Fits(values, maxRows, maxParameters, maxBytes))
            {
                statements.Add(current.Finish(index));
                current = new Builder(quotedTable, index);
            }

            if (!current.Fits(values, maxRows, maxParameters, maxBytes))
            {
                return null;
            }

            current.Add(values);
        }

        if (current is { Rows: > 0 })
        {
            statements.Add(current.Finish(records.Count));
        }

        return statements;
    }

    private static (string Type, string Value)[] Values(TelemetryRecord record) =>
    [
        ("STRING", record.DeviceId),
        ("BIGINT", record.Seq.ToString(CultureInfo.InvariantCulture)),
        ("TIMESTAMP", Timestamp(record.EventTime)),
        ("TIMESTAMP", Timestamp(record.ReceivedAt)),
        ("STRING", record.Payload),
    ];

    /// <summary>UTC with microseconds, the precision of a Databricks TIMESTAMP.</summary>
    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);

    private sealed class Builder(string quotedTable, int firstRecord)
    {
        private readonly Dictionary<(string Type, string Value), string> names = [];
        private readonly List<SqlParameter> parameters = [];
        private readonly StringBuilder rows = new();
        private long bytes = Head(quotedTable).Length + Tail.Length;

        public int Rows { get; private set; }

        public bool Fits((string Type, string Value)[] values, int maxRows, int maxParameters, int maxBytes)
        {
            if (Rows + 1 > maxRows)
            {
                return false;
            }

            var added = 0;
            long addedBytes = 0;
            foreach (var value in values)
            {
                if (!names.ContainsKey(value))
                {
                    added++;
                    addedBytes += Encoding.UTF8.GetByteCount(value.Value) + ParameterOverheadBytes;
                }
            }

            // Each row adds ":pN, " five times plus its parentheses.
            addedBytes += ParametersPerRow * 12 + 8;
            return parameters.Count + added <= maxParameters && bytes + addedBytes <= maxBytes;
        }

        public void Add((string Type, string Value)[] values)
        {
            rows.Append(Rows == 0 ? "\n  (" : ",\n  (");
            for (var i = 0; i < values.Length; i++)
            {
                if (!names.TryGetValue(values[i], out var name))
                {
                    name = "p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
                    names.Add(values[i], name);
                    parameters.Add(new SqlParameter(name, values[i].Value, values[i].Type));
                    bytes += Encoding.UTF8.GetByteCount(values[i].Value) + ParameterOverheadBytes;
                }

                rows.Append(i == 0 ? ":" : ", :").Append(name);
            }

            rows.Append(')');
            bytes += ParametersPerRow * 12 + 8;
            Rows++;
        }

        public SqlMergeStatement Finish(int endRecord) =>
            new(Head(quotedTable) + rows + Tail, parameters, firstRecord, endRecord - firstRecord);

        private static string Head(string table) => $"MERGE INTO {table} AS t\nUSING (VALUES";

        private const string Tail =
            $"\n) AS s({Columns})\n" +
            "ON t.device_id = s.device_id AND t.seq = s.seq\n" +
            $"WHEN NOT MATCHED THEN INSERT ({Columns})\n" +
            "  VALUES (s.device_id, s.seq, s.event_time, s.received_at, s.payload)";
    }
}
