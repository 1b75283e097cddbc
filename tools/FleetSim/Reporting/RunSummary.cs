using Lakegate.FleetSim.Api;
using Lakegate.FleetSim.Load;

namespace Lakegate.FleetSim.Reporting;

/// <summary>Everything a run reports at its end; also what <c>--json</c> writes for benchmarks.</summary>
public sealed record RunSummary
{
    public required string RunId { get; init; }
    public required string Api { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required int Devices { get; init; }
    public required string DevicePrefix { get; init; }
    public required string Dataset { get; init; }
    public required int SourceStreams { get; init; }
    public required int Concurrency { get; init; }
    public required int BatchSize { get; init; }
    public required double RateLimit { get; init; }

    public required double SendSeconds { get; init; }
    public required long RequestsSent { get; init; }
    public required long Retries { get; init; }
    public required long RequestsAccepted { get; init; }
    public required long FailedRequests { get; init; }
    public required double RequestsPerSecond { get; init; }
    public required long ReadingsSent { get; init; }
    public required long ReadingsAccepted { get; init; }
    public required long FailedReadings { get; init; }
    public required double ReadingsPerSecond { get; init; }
    public required LatencySummary LatencyMs { get; init; }
    public required IReadOnlyDictionary<string, long> StatusCounts { get; init; }

    public EmulatorStatsResponse? Emulator { get; init; }
    public string? EmulatorError { get; init; }

    public required DeliverySummary Delivery { get; init; }
    public required int ExitCode { get; init; }
}
