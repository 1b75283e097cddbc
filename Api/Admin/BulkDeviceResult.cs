namespace Lakegate.Api.Admin;

/// <summary>One device of a bulk request: its new key (shown once), or why it was not created.</summary>
public sealed record BulkDeviceResult(string DeviceId, string? KeyId, string? Key, DateTimeOffset? ExpiresAt, string? Error);
