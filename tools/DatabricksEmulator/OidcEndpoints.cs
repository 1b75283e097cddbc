namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The workspace's OAuth side: discovery and the machine-to-machine (client credentials) token endpoint.
/// </summary>
internal static class OidcEndpoints
{
    public const string DiscoveryPath = "/oidc/.well-known/oauth-authorization-server";
    public const string TokenPath = "/oidc/v1/token";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DiscoveryPath, (HttpRequest request) =>
            TypedResults.Json(OidcDiscoveryDocument.For(RequestBaseUrl.Of(request)), EmulatorJson.Databricks));
        endpoints.MapPost(TokenPath, GrantTokenAsync);
    }

    private static async Task<IResult> GrantTokenAsync(
        HttpContext context,
        EmulatorOptions options,
        EmulatorState state,
        EmulatorFaults faults)
    {
        state.CountTokenRequest();
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";

        var fault = faults.Snapshot();
        if (fault.TokenEndpointDown)
        {
            RetryAfterHeader.Set(response, fault.TokenEndpointRetryAfterSeconds);
            return DatabricksErrorResults.OAuth(StatusCodes.Status503ServiceUnavailable, "temporarily_unavailable", "The authorization server is temporarily unavailable.");
        }

        if (fault.TokenEndpointThrottle)
        {
            RetryAfterHeader.Set(response, fault.TokenEndpointRetryAfterSeconds);
            return DatabricksErrorResults.OAuth(StatusCodes.Status429TooManyRequests, "temporarily_unavailable", "Too many requests; retry later.");
        }

        if (fault.TokenEndpointEmptyBody400)
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return DatabricksErrorResults.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "The request body must be application/x-www-form-urlencoded.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return DatabricksErrorResults.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "The form body could not be read.");
        }

        var credentials = ClientCredentials.From(request, form);
        if (credentials is null || !credentials.Match(options))
        {
            if (credentials is { SentAsBasic: true })
            {
                response.Headers.WWWAuthenticate = "Basic realm=\"oidc\"";
            }

            return DatabricksErrorResults.OAuth(StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed.");
        }

        var grantType = form["grant_type"].ToString();
        if (grantType.Length == 0)
        {
            return DatabricksErrorResults.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "Missing grant_type.");
        }

        if (!string.Equals(grantType, "client_credentials", StringComparison.Ordinal))
        {
            return DatabricksErrorResults.OAuth(StatusCodes.Status400BadRequest, "unsupported_grant_type", $"Grant type {grantType} is not supported.");
        }

        var scope = form["scope"].ToString();
        if (scope.Length == 0)
        {
            scope = "all-apis";
        }

        var lifetimeSeconds = fault.TokenLifetimeSecondsOverride ?? options.TokenLifetimeSeconds;
        if (fault.TokenEndpointNoToken200)
        {
            return TypedResults.Json(new TokenGrantBody(null, "Bearer", lifetimeSeconds, scope), EmulatorJson.Databricks);
        }

        var token = state.Tokens.Issue(options.TimeProvider.GetUtcNow(), TimeSpan.FromSeconds(lifetimeSeconds));
        state.CountTokenGrant();
        return TypedResults.Json(new TokenGrantBody(token, "Bearer", lifetimeSeconds, scope), EmulatorJson.Databricks);
    }
}
