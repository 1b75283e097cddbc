namespace Lakegate.DatabricksEmulator;

/// <summary>A parsed INSERT or MERGE: the target table, the column names and the rows of values (parameters bound).</summary>
internal sealed record SqlRecordStatement(
    SqlRecordStatementKind Kind,
    string TableName,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<SqlValue>> Rows);
