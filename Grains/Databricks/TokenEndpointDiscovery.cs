using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Databricks;

/// <summary>
/// Finds the OAuth token endpoint. A configured <see cref="DatabricksOptions.TokenEndpoint"/> is used as is;
/// otherwise the workspace's authorization server metadata ({host}/oidc/.well-known/oauth-authorization-server)
/// names it, and the first answer is kept for the life of the process. When discovery fails the conventional
/// {host}/oidc/v1/token is used for that grant and discovery is tried again on the next one.
/// </summary>
public sealed class TokenEndpointDiscovery(HttpClient http, IOptions<DatabricksOptions> options)
{
    public const string DiscoveryPath = "oidc/.well-known/oauth-authorization-server";

    private Uri? _discovered;

    /// <summary>The endpoint discovery found, once it has.</summary>
    public Uri? Discovered => Volatile.Read(ref _discovered);

    public async Task<Uri> ResolveAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.TokenEndpoint) || !string.IsNullOrWhiteSpace(settings.AccountId))
        {
            return settings.ResolveTokenEndpoint();
        }

        if (Discovered is { } known)
        {
            return known;
        }

        var workspace = settings.ResolveWorkspaceUrl();
        var discovered = await DiscoverAsync(workspace, cancellationToken).ConfigureAwait(false);
        if (discovered is null)
        {
            return settings.ResolveTokenEndpoint();
        }

        Volatile.Write(ref _discovered, discovered);
        return discovered;
    }

    private async Task<Uri?> DiscoverAsync(Uri workspace, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(workspace, DiscoveryPath), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return TokenEndpointFrom(body, workspace);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The HTTP client's own timeout: fall back rather than fail the grant.
            return null;
        }
    }

    /// <summary>
    /// The metadata's token_endpoint, when it is an absolute http(s) URL on the workspace's own host: the
    /// client secret is sent there, so a document naming another host is not trusted.
    /// </summary>
    internal static Uri? TokenEndpointFrom(byte[] body, Uri workspace)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("token_endpoint", out var element)
                || element.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(element.GetString(), UriKind.Absolute, out var endpoint))
            {
                return null;
            }

            var sameHost = string.Equals(endpoint.Host, workspace.Host, StringComparison.OrdinalIgnoreCase) && endpoint.Port == workspace.Port;
            var secureEnough = endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && workspace.Scheme == Uri.UriSchemeHttp);
            return sameHost && secureEnough ? endpoint : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
