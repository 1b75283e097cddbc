namespace Lakegate.DatabricksEmulator;

/// <summary>The workspace URL as the caller addressed it (scheme, host and path base), ending in '/'.</summary>
internal static class RequestBaseUrl
{
    public static string Of(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/";
}
