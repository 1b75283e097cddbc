namespace Lakegate.DatabricksEmulator;

/// <summary>What the workspace thinks of a presented bearer token.</summary>
internal enum TokenStatus
{
    Valid,
    Unknown,
    Expired,
    ExpiringWithin30Seconds,
}
