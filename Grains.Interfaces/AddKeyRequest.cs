namespace Lakegate.Grains.Interfaces;

/// <summary>Rotation: a new key, and optionally when the device's other keys stop working (0 = now).</summary>
[GenerateSerializer, Immutable, Alias("Lakegate.AddKeyRequest")]
public sealed record AddKeyRequest(
    [property: Id(0)] int? KeyLifetimeDays,
    [property: Id(1)] int? RevokeOtherKeysAfterSeconds);
