namespace Lakegate.DatabricksEmulator;

/// <summary>How many records of one delivery were new and how many were duplicates of stored ones.</summary>
internal readonly record struct RecordStoreOutcome(int Stored, int Duplicates);
