namespace Lakegate.Grains.Delivery;

/// <summary>How a silo coalesces device batches into Databricks requests. Bound from "Delivery".</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>Most records in one Databricks request.</summary>
    public int MaxRecordsPerRequest { get; set; } = 5_000;

    /// <summary>Most bytes (approximate JSON size) in one Databricks request.</summary>
    public int MaxBytesPerRequest { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long a partly filled request waits for more devices' batches before it is sent.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Requests in flight to Databricks at once, per silo.</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>First wait after a failed request; doubled per failure with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes of accepted, undelivered readings one silo may hold before ingest answers 503.</summary>
    public long SiloBufferBudgetBytes { get; set; } = 512L * 1024 * 1024;
}
