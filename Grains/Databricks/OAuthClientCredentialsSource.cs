using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Databricks;

/// <summary>
/// The OAuth machine-to-machine grant: POST to the token endpoint (configured, or discovered, see
/// <see cref="TokenEndpointDiscovery"/>) with the service principal's client id and secret in HTTP Basic
/// and grant_type=client_credentials, scope=all-apis.
/// </summary>
public sealed class OAuthClientCredentialsSource(HttpClient http, IOptions<DatabricksOptions> options, TimeProvider time) : ITokenSource
{
    public const string HttpClientName = "databricks-oauth";

    private readonly TokenEndpointDiscovery _endpoint = new(http, options);

    /// <summary>Where grants go, as discovered or configured.</summary>
    public TokenEndpointDiscovery Endpoint => _endpoint;

    public string Mode => "oauth";

    public async Task<OAuthToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.ClientId) || string.IsNullOrEmpty(settings.ClientSecret))
        {
            throw new TokenRequestException("DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET must both be set for OAuth.");
        }

        Uri endpoint;
        try
        {
            endpoint = await _endpoint.ResolveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new TokenRequestException(ex.Message, inner: ex);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(settings.ClientId)}:{Uri.EscapeDataString(settings.ClientSecret)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        request.Content = new FormUrlEncodedContent(
        [
            new KeyValuePair<string, string>("grant_type", "client_credentials"),
            new KeyValuePair<string, string>("scope", settings.Scope),
        ]);

        var requestedAt = time.GetUtcNow();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TokenRequestException($"token endpoint unreachable: {ex.Message}", inner: ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new TokenRequestException(
                    $"token endpoint answered {(int)response.StatusCode}{DescribeOAuthError(body)}",
                    response.Headers.RetryAfter?.Delta);
            }

            return ParseGrant(body, requestedAt);
        }
    }

    internal static OAuthToken ParseGrant(byte[] body, DateTimeOffset requestedAt)
    {
        if (body.Length == 0)
        {
            throw new TokenRequestException("token endpoint answered with an empty body");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("access_token", out var tokenElement)
                || tokenElement.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(tokenElement.GetString()))
            {
                throw new TokenRequestException("token endpoint answered without an access_token");
            }

            var lifetime = TimeSpan.FromHours(1);
            if (root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.ValueKind == JsonValueKind.Number && expiresIn.TryGetInt64(out var seconds) && seconds > 0)
            {
                lifetime = TimeSpan.FromSeconds(seconds);
            }

            return new OAuthToken(tokenElement.GetString()!, requestedAt, requestedAt + lifetime);
        }
        catch (JsonException)
        {
            throw new TokenRequestException("token endpoint answered with a body that is not JSON");
        }
    }

    private static string DescribeOAuthError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String)
            {
                return $" ({error.GetString()})";
            }
        }
        catch (JsonException)
        {
        }

        return string.Empty;
    }
}
