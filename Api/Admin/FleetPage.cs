using Lakegate.Grains.Registry;

namespace Lakegate.Api.Admin;

/// <summary>A page of a fleet query; pass <see cref="NextCursor"/> back for the next one (null at the end).</summary>
public sealed record FleetPage(IReadOnlyList<DeviceRegistryEntry> Items, string? NextCursor);
