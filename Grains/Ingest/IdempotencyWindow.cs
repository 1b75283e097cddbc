using Lakegate.Grains.Interfaces;

namespace Lakegate.Grains.Ingest;

/// <summary>
/// Remembers the answer given to each Idempotency-Key for a window, so that a retried request is
/// acknowledged again without storing its readings twice. Bounded in count; oldest forgotten first.
/// </summary>
public sealed class IdempotencyWindow(TimeSpan window, int capacity)
{
    private readonly Dictionary<string, (IngestResult Result, DateTimeOffset ExpiresAt)> _answers = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset ExpiresAt)> _order = new();

    public int Count => _answers.Count;

    public bool TryGet(string key, DateTimeOffset now, out IngestResult result)
    {
        Evict(now);
        if (_answers.TryGetValue(key, out var entry))
        {
            result = entry.Result with { Replayed = true };
            return true;
        }

        result = null!;
        return false;
    }

    public void Remember(string key, IngestResult result, DateTimeOffset now)
    {
        Evict(now);
        while (_answers.Count >= capacity && _order.TryDequeue(out var oldest))
        {
            _answers.Remove(oldest.Key);
        }

        var expiresAt = now + window;
        _answers[key] = (result, expiresAt);
        _order.Enqueue((key, expiresAt));
    }

    private void Evict(DateTimeOffset now)
    {
        while (_order.TryPeek(out var head) && head.ExpiresAt <= now)
        {
            _order.Dequeue();
            if (_answers.TryGetValue(head.Key, out var entry) && entry.ExpiresAt <= now)
            {
                _answers.Remove(head.Key);
            }
        }
    }
}
