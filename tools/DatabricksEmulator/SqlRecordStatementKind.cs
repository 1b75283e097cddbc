namespace Lakegate.DatabricksEmulator;

/// <summary>The statement forms that write records.</summary>
internal enum SqlRecordStatementKind
{
    Insert,
    Merge,
}
