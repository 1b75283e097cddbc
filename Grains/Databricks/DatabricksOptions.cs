namespace Lakegate.Grains.Databricks;

/// <summary>
/// Where and how to reach Databricks. Bound from the "Databricks" section; the variables the
/// Databricks SDKs use (DATABRICKS_HOST, DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET,
/// DATABRICKS_TOKEN) and DATABRICKS_APP_URL fill it too.
/// </summary>
public sealed class DatabricksOptions
{
    public const string SectionName = "Databricks";

    /// <summary>Workspace URL, e.g. https://adb-123.azuredatabricks.net.</summary>
    public string? Host { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The service principal's OAuth secret. Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A personal access token: PAT mode instead of OAuth. Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Token endpoint. When not set it is discovered from the workspace's OAuth metadata
    /// ({Host}/oidc/.well-known/oauth-authorization-server), falling back to {Host}/oidc/v1/token.
    /// </summary>
    public string? TokenEndpoint { get; set; }

    public string Scope { get; set; } = "all-apis";

    /// <summary>The Databricks App route that receives batches, e.g. https://lakegate-123.aws.databricksapps.com/api/ingest.</summary>
    public string? AppUrl { get; set; }

    /// <summary>Timeout of one HTTP attempt against Databricks.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An account-level service principal (DATABRICKS_ACCOUNT_ID): tokens come from the account console,
    /// {Host}/oidc/accounts/{AccountId}/v1/token, with Host the accounts host.
    /// </summary>
    public string? AccountId { get; set; }

    public bool UsesPersonalAccessToken => !string.IsNullOrEmpty(Token);

    /// <summary>
    /// The configured token endpoint, or else the conventional one: {Host}/oidc/v1/token for a workspace,
    /// {Host}/oidc/accounts/{AccountId}/v1/token at account level.
    /// </summary>
    public Uri ResolveTokenEndpoint()
    {
        if (!string.IsNullOrWhiteSpace(TokenEndpoint))
        {
            return new Uri(TokenEndpoint);
        }

        return string.IsNullOrWhiteSpace(AccountId)
            ? new Uri(ResolveWorkspaceUrl(), "oidc/v1/token")
            : new Uri(ResolveWorkspaceUrl(), $"oidc/accounts/{Uri.EscapeDataString(AccountId)}/v1/token");
    }

    /// <summary>The workspace URL ending in '/', https:// when <see cref="Host"/> names no scheme.</summary>
    public Uri ResolveWorkspaceUrl()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new InvalidOperationException("Databricks:Host (DATABRICKS_HOST) is not set.");
        }

        var host = Host.Contains("://", StringComparison.Ordinal) ? Host : "https://" + Host;
        return new Uri(host.TrimEnd('/') + "/");
    }
}
