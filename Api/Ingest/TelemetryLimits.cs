namespace Lakegate.Api.Ingest;

/// <summary>Request limits of the device endpoint. Bound from "Telemetry".</summary>
public sealed class TelemetryLimits
{
    public const string SectionName = "Telemetry";

    /// <summary>Largest request body; larger is 413.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Most readings in one request; more is 400.</summary>
    public int MaxReadingsPerRequest { get; set; } = 1_000;

    /// <summary>Longest Idempotency-Key accepted.</summary>
    public int MaxIdempotencyKeyLength { get; set; } = 200;
}
