namespace Lakegate.DatabricksEmulator;

/// <summary>The App's 400 answer to a batch with invalid records; <c>invalid_records</c> holds 0-based record indexes.</summary>
internal sealed record InvalidRecordsErrorBody(string ErrorCode, string Message, IReadOnlyList<int> InvalidRecords);
