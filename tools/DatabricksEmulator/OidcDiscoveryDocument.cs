namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The workspace's OAuth authorization server metadata (RFC 8414), as served at
/// <c>/oidc/.well-known/oauth-authorization-server</c>.
/// </summary>
internal sealed record OidcDiscoveryDocument(
    string Issuer,
    string AuthorizationEndpoint,
    string TokenEndpoint,
    string RevocationEndpoint,
    string JwksUri,
    IReadOnlyList<string> GrantTypesSupported,
    IReadOnlyList<string> ResponseTypesSupported,
    IReadOnlyList<string> ResponseModesSupported,
    IReadOnlyList<string> ScopesSupported,
    IReadOnlyList<string> TokenEndpointAuthMethodsSupported,
    IReadOnlyList<string> CodeChallengeMethodsSupported,
    IReadOnlyList<string> SubjectTypesSupported,
    IReadOnlyList<string> IdTokenSigningAlgValuesSupported,
    bool RequestUriParameterSupported)
{
    public static OidcDiscoveryDocument For(string workspaceUrl) => new(
        Issuer: $"{workspaceUrl}oidc",
        AuthorizationEndpoint: $"{workspaceUrl}oidc/v1/authorize",
        TokenEndpoint: $"{workspaceUrl}oidc/v1/token",
        RevocationEndpoint: $"{workspaceUrl}oidc/v1/revoke",
        JwksUri: $"{workspaceUrl}oidc/jwks.json",
        GrantTypesSupported: ["client_credentials", "authorization_code", "refresh_token"],
        ResponseTypesSupported: ["code", "id_token"],
        ResponseModesSupported: ["query", "fragment", "form_post"],
        ScopesSupported: ["all-apis", "sql", "offline_access", "openid", "profile", "email"],
        TokenEndpointAuthMethodsSupported: ["client_secret_basic", "client_secret_post", "none"],
        CodeChallengeMethodsSupported: ["S256"],
        SubjectTypesSupported: ["public"],
        IdTokenSigningAlgValuesSupported: ["RS256"],
        RequestUriParameterSupported: false);
}
