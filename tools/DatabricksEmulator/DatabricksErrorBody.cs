namespace Lakegate.DatabricksEmulator;

/// <summary>The body of a workspace REST API error: a string <c>error_code</c> such as <c>INVALID_PARAMETER_VALUE</c>.</summary>
internal sealed record DatabricksErrorBody(string ErrorCode, string Message);
