namespace Lakegate.FleetSim.Api;

/// <summary>The counts of <c>GET /v1/admin/devices/{deviceId}</c> that the delivery check compares.</summary>
public sealed record DeviceStateResponse(
    string DeviceId,
    bool Enabled,
    long Accepted,
    long Delivered,
    long Buffered,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset? LastDeliveredAt);
