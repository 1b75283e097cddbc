namespace Lakegate.DatabricksEmulator;

/// <summary>A valid App ingest batch: its id and its records, in request order.</summary>
internal sealed record IngestBatch(string BatchId, IReadOnlyList<EmulatorRecord> Records);
