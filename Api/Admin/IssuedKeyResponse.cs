namespace Lakegate.Api.Admin;

/// <summary>A new key as shown once to the operator.</summary>
public sealed record IssuedKeyResponse(string DeviceId, string KeyId, string Key, DateTimeOffset ExpiresAt);
