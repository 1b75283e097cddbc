namespace Lakegate.DatabricksEmulator;

/// <summary>
/// A token endpoint's 200 body. <see cref="AccessToken"/> is null only when the
/// <c>TokenEndpointNoToken200</c> fault strips it (null members are left out of the JSON).
/// </summary>
internal sealed record TokenGrantBody(string? AccessToken, string TokenType, int ExpiresIn, string Scope);
