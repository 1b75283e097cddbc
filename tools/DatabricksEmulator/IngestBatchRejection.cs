namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Why an App ingest body was refused. <see cref="InvalidRecords"/> (0-based indexes) is empty when the
/// body as a whole is wrong rather than individual records.
/// </summary>
internal sealed record IngestBatchRejection(string ErrorCode, string Message, IReadOnlyList<int> InvalidRecords);
