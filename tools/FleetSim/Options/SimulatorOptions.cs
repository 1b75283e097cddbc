namespace Lakegate.FleetSim.Options;

/// <summary>Everything one simulator run is configured with.</summary>
public sealed record SimulatorOptions
{
    public const int DefaultReadingsWhenUnbounded = 10_000;

    /// <summary>Base address of the gateway, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public required Uri Api { get; init; }

    /// <summary>Bearer credential for the operator API.</summary>
    public required string OperatorKey { get; init; }

    public int Devices { get; init; } = 100;

    /// <summary>Device ids are <c>{DevicePrefix}{n}</c>, n from 1.</summary>
    public required string DevicePrefix { get; init; }

    /// <summary>Short random id of this run; part of the default device prefix and of idempotency keys.</summary>
    public required string RunId { get; init; }

    public int Concurrency { get; init; } = 64;

    public int BatchSize { get; init; } = 1;

    /// <summary>Total readings to send across the fleet; <c>null</c> when only <see cref="Duration"/> bounds the run.</summary>
    public long? Readings { get; init; }

    /// <summary>Wall-clock bound of the sending phase; <c>null</c> when only <see cref="Readings"/> bounds the run.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Total requests per second across all workers; 0 means unlimited.</summary>
    public double Rate { get; init; }

    public DatasetSelection Dataset { get; init; } = DatasetSelection.All;

    /// <summary>Folder with the recorded sensor files; <c>null</c> means locate <c>shared/data</c>.</summary>
    public string? DataDirectory { get; init; }

    public TimestampAnchor TimestampAnchor { get; init; } = TimestampAnchor.End;

    /// <summary>How long the delivery check waits for accepted == delivered on every device.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Pause between two polling rounds of the delivery check.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of one request after 429, 503, a timeout or a connection failure.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait honoured from a <c>Retry-After</c> header.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Interval of the progress lines on stderr.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Base address of the Databricks App emulator whose statistics are printed at the end.</summary>
    public Uri? Emulator { get; init; }

    /// <summary>File the run summary is written to as JSON.</summary>
    public string? JsonSummaryPath { get; init; }
}
