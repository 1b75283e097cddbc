using System.Net.Http.Headers;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The workspace's bearer check in front of every <c>/api/...</c> and <c>/apps/...</c> path: 401 when no
/// bearer credential was sent, 403 when the token is unknown, expired, or has 30 seconds or less left.
/// </summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next, EmulatorOptions options, EmulatorState state)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/apps"))
        {
            return next(context);
        }

        var token = ReadBearerToken(context.Request);
        if (token is null)
        {
            return DatabricksErrorResults.CredentialNotSent().ExecuteAsync(context);
        }

        return state.Tokens.Check(token, options.TimeProvider.GetUtcNow()) switch
        {
            TokenStatus.Valid => next(context),
            TokenStatus.Expired => DatabricksErrorResults.TokenExpired().ExecuteAsync(context),
            TokenStatus.ExpiringWithin30Seconds => DatabricksErrorResults.TokenExpiringWithin30Seconds().ExecuteAsync(context),
            _ => DatabricksErrorResults.InvalidAccessToken().ExecuteAsync(context),
        };
    }

    private static string? ReadBearerToken(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(header.Parameter))
        {
            return null;
        }

        return header.Parameter.Trim();
    }
}
