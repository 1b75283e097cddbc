using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The client id and secret a token request authenticated with: HTTP Basic (<c>client_secret_basic</c>)
/// if an Authorization header is present, otherwise the <c>client_id</c>/<c>client_secret</c> form fields
/// (<c>client_secret_post</c>).
/// </summary>
internal sealed record ClientCredentials(string ClientId, string ClientSecret, bool SentAsBasic)
{
    /// <summary>Reads the credentials; null when none (or a malformed Basic header) were sent.</summary>
    public static ClientCredentials? From(HttpRequest request, IFormCollection form)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            return FromBasicHeader(authorization);
        }

        var clientId = form["client_id"].ToString();
        var clientSecret = form["client_secret"].ToString();
        return clientId.Length == 0 ? null : new ClientCredentials(clientId, clientSecret, SentAsBasic: false);
    }

    /// <summary>Compares with the configured client in constant time.</summary>
    public bool Match(EmulatorOptions options) =>
        string.Equals(ClientId, options.ClientId, StringComparison.Ordinal)
        & CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(ClientSecret), Encoding.UTF8.GetBytes(options.ClientSecret));

    private static ClientCredentials? FromBasicHeader(string authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : new ClientCredentials(decoded[..colon], decoded[(colon + 1)..], SentAsBasic: true);
    }
}
