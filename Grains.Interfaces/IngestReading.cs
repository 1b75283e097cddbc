namespace Lakegate.Grains.Interfaces;

/// <summary>One reading as received: its verbatim JSON object and its event time.</summary>
[GenerateSerializer, Immutable, Alias("Lakegate.IngestReading")]
public sealed record IngestReading(
    [property: Id(0)] string Payload,
    [property: Id(1)] DateTimeOffset EventTime);
