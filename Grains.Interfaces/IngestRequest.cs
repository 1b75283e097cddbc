namespace Lakegate.Grains.Interfaces;

/// <summary>One authenticated-to-be ingest request for one device.</summary>
[GenerateSerializer, Immutable, Alias("Lakegate.IngestRequest")]
public sealed class IngestRequest
{
    public IngestRequest(string presentedKey, IReadOnlyList<IngestReading> readings, DateTimeOffset receivedAt, string? idempotencyKey)
    {
        PresentedKey = presentedKey;
        Readings = readings;
        ReceivedAt = receivedAt;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>The device key as the device sent it. Never logged or stored.</summary>
    [Id(0)] public string PresentedKey { get; }

    [Id(1)] public IReadOnlyList<IngestReading> Readings { get; }

    [Id(2)] public DateTimeOffset ReceivedAt { get; }

    [Id(3)] public string? IdempotencyKey { get; }

    public override string ToString() => $"IngestRequest({Readings.Count} readings)";
}
