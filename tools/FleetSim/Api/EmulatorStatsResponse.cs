namespace Lakegate.FleetSim.Api;

/// <summary>Counters of the Databricks App emulator, <c>GET /_emulator/stats</c>.</summary>
public sealed record EmulatorStatsResponse(
    long Records,
    long Duplicates,
    long Batches,
    long AppRequests,
    long TokenGrants,
    long TokenRequests,
    long BytesReceived,
    long Devices);
