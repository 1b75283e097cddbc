namespace Lakegate.Grains.Audit;

/// <summary>One credential event: what happened to which device and key, and when. Never a secret.</summary>
public sealed record AuditEntry(DateTimeOffset At, string DeviceId, string Event, string? KeyId, string? Detail);
