using Lakegate.Grains.Ingest;

namespace Lakegate.Grains.Delivery;

/// <summary>The embedded default's dead letters: kept in memory, bounded (the oldest go first).</summary>
public sealed class InMemoryDeadLetterStore(int capacity = 100_000) : IDeadLetterStore
{
    private readonly Lock _gate = new();
    private readonly LinkedList<DeadLetter> _letters = new();

    public Task ParkAsync(IReadOnlyList<TelemetryRecord> records, string reason, DateTimeOffset parkedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var record in records)
            {
                _letters.AddLast(new DeadLetter(record, reason, parkedAt));
                if (_letters.Count > capacity)
                {
                    _letters.RemoveFirst();
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeadLetter>> ListAsync(string? deviceId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<DeadLetter> letters = _letters.Where(l => deviceId is null || l.Record.DeviceId == deviceId).Take(limit).ToArray();
            return Task.FromResult(letters);
        }
    }

    public Task<long> CountAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_letters.Count(l => l.Record.DeviceId == deviceId));
        }
    }

    public Task<IReadOnlyList<TelemetryRecord>> TakeAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var taken = _letters.Where(l => l.Record.DeviceId == deviceId).ToList();
            foreach (var letter in taken)
            {
                _letters.Remove(letter);
            }

            IReadOnlyList<TelemetryRecord> records = taken.Select(l => l.Record).OrderBy(r => r.Seq).ToArray();
            return Task.FromResult(records);
        }
    }
}
