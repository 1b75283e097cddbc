namespace Lakegate.Grains.Audit;

/// <summary>The embedded default's audit trail: the newest entries, bounded.</summary>
public sealed class InMemoryAuditTrail(int capacity = 100_000) : IAuditTrail
{
    private readonly Lock _gate = new();
    private readonly LinkedList<AuditEntry> _entries = new();

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _entries.AddFirst(entry);
            if (_entries.Count > capacity)
            {
                _entries.RemoveLast();
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(string? deviceId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> result = _entries.Where(e => deviceId is null || e.DeviceId == deviceId).Take(limit).ToArray();
            return Task.FromResult(result);
        }
    }
}
