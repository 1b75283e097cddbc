namespace Lakegate.DatabricksEmulator;

/// <summary>The counters served at <c>GET /_emulator/stats</c> (camelCase JSON).</summary>
internal sealed record EmulatorStats(
    long Records,
    long Duplicates,
    long Batches,
    long AppRequests,
    long TokenGrants,
    long TokenRequests,
    long BytesReceived,
    int Devices,
    long SqlStatements)
{
    public static EmulatorStats Of(EmulatorState state) => new(
        state.RecordCount,
        state.DuplicateCount,
        state.BatchCount,
        state.AppRequestCount,
        state.TokenGrantCount,
        state.TokenRequestCount,
        state.BytesReceived,
        state.DeviceIds.Count,
        state.SqlStatementCount);
}
