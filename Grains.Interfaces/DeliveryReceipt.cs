namespace Lakegate.Grains.Interfaces;

/// <summary>How many readings of one device the sink confirmed, and when.</summary>
[GenerateSerializer, Immutable, Alias("Lakegate.DeliveryReceipt")]
public sealed record DeliveryReceipt(
    [property: Id(0)] int Count,
    [property: Id(1)] long HighestSeq,
    [property: Id(2)] DateTimeOffset DeliveredAt);
