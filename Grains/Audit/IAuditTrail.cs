namespace Lakegate.Grains.Audit;

/// <summary>Where credential events are kept for operators (a table in durable mode).</summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The newest entries first, optionally for one device.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(string? deviceId, int limit, CancellationToken cancellationToken = default);
}
