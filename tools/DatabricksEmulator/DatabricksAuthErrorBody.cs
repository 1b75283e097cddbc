namespace Lakegate.DatabricksEmulator;

/// <summary>The body of a workspace's 401/403 authentication answer; <c>error_code</c> is a JSON number.</summary>
internal sealed record DatabricksAuthErrorBody(int ErrorCode, string Message);
