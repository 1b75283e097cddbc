namespace Lakegate.DatabricksEmulator;

/// <summary>The lifecycle states of a statement, as <c>status.state</c> names them.</summary>
internal enum SqlStatementState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Canceled,
}
