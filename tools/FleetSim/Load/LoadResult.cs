namespace Lakegate.FleetSim.Load;

/// <summary>What the sending phase measured.</summary>
/// <param name="Elapsed">Wall-clock time from the first request to the last answer.</param>
/// <param name="Latency">Percentiles over every attempt that got an HTTP answer.</param>
/// <param name="StatusCounts">Outcomes of every attempt.</param>
public sealed record LoadResult(
    TimeSpan Elapsed,
    long RequestsSent,
    long Retries,
    long RequestsAccepted,
    long FailedRequests,
    long ReadingsSent,
    long ReadingsAccepted,
    long FailedReadings,
    LatencySummary Latency,
    IReadOnlyDictionary<string, long> StatusCounts);
