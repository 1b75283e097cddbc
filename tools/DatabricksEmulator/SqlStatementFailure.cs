namespace Lakegate.DatabricksEmulator;

/// <summary>
/// A statement the emulated warehouse refuses; reported as HTTP 200 with <c>status.state = FAILED</c> and
/// <c>status.error = {"error_code": "BAD_REQUEST", "message": "[CONDITION] detail"}</c>, as Databricks does.
/// </summary>
internal sealed class SqlStatementFailure(string condition, string detail) : Exception($"[{condition}] {detail}")
{
    public string Condition { get; } = condition;
}
