namespace Lakegate.DatabricksEmulator;

/// <summary>An RFC 6749 token endpoint error: <c>{"error": "...", "error_description": "..."}</c>.</summary>
internal sealed record OAuthErrorBody(string Error, string ErrorDescription);
