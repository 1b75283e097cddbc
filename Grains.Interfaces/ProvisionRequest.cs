namespace Lakegate.Grains.Interfaces;

[GenerateSerializer, Immutable, Alias("Lakegate.ProvisionRequest")]
public sealed record ProvisionRequest([property: Id(0)] int? KeyLifetimeDays);
