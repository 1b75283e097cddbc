namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The Statement Execution API's statement answer (snake_case JSON). <c>manifest</c> and <c>result</c> are
/// present once the statement SUCCEEDED; <c>status.error</c> once it FAILED.
/// </summary>
internal sealed record SqlStatementResponse(
    string StatementId,
    SqlStatementResponse.StatusBody Status,
    SqlStatementResponse.ManifestBody? Manifest,
    SqlStatementResponse.ResultBody? Result)
{
    public sealed record StatusBody(string State, DatabricksErrorBody? Error);

    public sealed record ManifestBody(
        string Format,
        SchemaBody Schema,
        int TotalChunkCount,
        IReadOnlyList<ChunkBody> Chunks,
        long TotalRowCount,
        bool Truncated);

    public sealed record SchemaBody(int ColumnCount, IReadOnlyList<ColumnBody> Columns);

    public sealed record ColumnBody(string Name, string TypeText, string TypeName, int Position);

    public sealed record ChunkBody(int ChunkIndex, long RowOffset, long RowCount);

    public sealed record ResultBody(int ChunkIndex, long RowOffset, long RowCount, IReadOnlyList<IReadOnlyList<string>> DataArray);

    /// <summary>A one-row result of BIGINT counts, the way Delta reports DML (for example num_affected_rows, num_inserted_rows).</summary>
    public static SqlStatementResponse Succeeded(string statementId, IReadOnlyList<(string Name, long Value)> counts)
    {
        var columns = counts.Select((count, position) => new ColumnBody(count.Name, "BIGINT", "LONG", position)).ToArray();
        var row = counts.Select(count => count.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new SqlStatementResponse(
            statementId,
            new StatusBody("SUCCEEDED", null),
            new ManifestBody("JSON_ARRAY", new SchemaBody(columns.Length, columns), 1, [new ChunkBody(0, 0, 1)], 1, false),
            new ResultBody(0, 0, 1, [row]));
    }

    public static SqlStatementResponse WithoutResult(string statementId, SqlStatementState state, DatabricksErrorBody? error = null) =>
        new(statementId, new StatusBody(state.ToString().ToUpperInvariant(), error), null, null);
}
