namespace Lakegate.FleetSim.Api;

/// <summary>201 answer of device creation and key rotation; the key is shown only here.</summary>
public sealed record ProvisionedDeviceResponse(string DeviceId, string? KeyId, string Key, DateTimeOffset? ExpiresAt);
