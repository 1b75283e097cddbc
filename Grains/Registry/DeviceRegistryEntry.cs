namespace Lakegate.Grains.Registry;

/// <summary>What operators query across the fleet, kept up to date by each device grain. Never a secret.</summary>
public sealed record DeviceRegistryEntry(
    string DeviceId,
    bool Enabled,
    DateTimeOffset CreatedAt,
    int ActiveKeys,
    DateTimeOffset? NextKeyExpiry,
    DateTimeOffset? LastSeenAt);
