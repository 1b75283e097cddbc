namespace Lakegate.FleetSim.Load;

/// <summary>Request latency percentiles of a run, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max);
