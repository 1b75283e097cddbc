namespace Lakegate.Grains.Interfaces;

[GenerateSerializer, Immutable, Alias("Lakegate.DeviceSnapshot")]
public sealed record DeviceSnapshot(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] bool Enabled,
    [property: Id(2)] IReadOnlyList<KeySnapshot> Keys,
    [property: Id(3)] long Accepted,
    [property: Id(4)] long Delivered,
    [property: Id(5)] long Buffered,
    [property: Id(6)] DateTimeOffset? LastSeenAt,
    [property: Id(7)] DateTimeOffset? LastDeliveredAt,
    [property: Id(8)] long DeadLettered = 0);
