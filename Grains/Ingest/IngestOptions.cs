namespace Lakegate.Grains.Ingest;

/// <summary>Per-device ingest behaviour. Bound from the "Ingest" configuration section.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>A device buffer is handed to delivery once it holds this many readings.</summary>
    public int FlushMaxReadings { get; set; } = 500;

    /// <summary>A device buffer is handed to delivery once its oldest reading is this old.</summary>
    public TimeSpan FlushMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Undelivered readings one device may have before it is told to retry later (429).</summary>
    public int MaxUndeliveredReadingsPerDevice { get; set; } = 20_000;

    /// <summary>Sequence numbers reserved (and persisted) at a time; a crash skips the rest of a block.</summary>
    public int SequenceBlockSize { get; set; } = 1_000;

    /// <summary>How long a request's Idempotency-Key is remembered per device.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many Idempotency-Keys one device remembers at most.</summary>
    public int IdempotencyCapacity { get; set; } = 512;

    /// <summary>Seconds a device is told to wait when its own buffer is full.</summary>
    public int DeviceRetryAfterSeconds { get; set; } = 2;

    /// <summary>Seconds a device is told to wait when the gateway is out of capacity.</summary>
    public int GatewayRetryAfterSeconds { get; set; } = 5;
}
