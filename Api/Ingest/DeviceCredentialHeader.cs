using Lakegate.Grains.Credentials;

namespace Lakegate.Api.Ingest;

/// <summary>Reads the device key from <c>Authorization: Bearer</c> or <c>X-Api-Key</c>; never from the URL.</summary>
public static class DeviceCredentialHeader
{
    /// <summary>The presented key when it is shaped like a device key; otherwise null (answered 401 without waking a grain).</summary>
    public static string? Read(HttpRequest request)
    {
        string? presented = null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }
        else if (authorization.Length == 0)
        {
            presented = request.Headers["X-Api-Key"].ToString().Trim();
        }

        return DeviceKeyFormat.TryParse(presented, out _, out _) ? presented : null;
    }
}
