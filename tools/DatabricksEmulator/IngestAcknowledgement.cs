namespace Lakegate.DatabricksEmulator;

/// <summary>The App's 200 answer to an accepted batch.</summary>
internal sealed record IngestAcknowledgement(string BatchId, int Received, int Stored, int Duplicates);
