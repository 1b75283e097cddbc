namespace Lakegate.Grains.Registry;

/// <summary>One page of a fleet query; <see cref="NextAfter"/> is where the next page starts, null at the end.</summary>
public sealed record DeviceQueryPage(IReadOnlyList<DeviceRegistryEntry> Items, string? NextAfter);
