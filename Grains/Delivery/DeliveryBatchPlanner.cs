using Lakegate.Grains.Ingest;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// Queues device batches and cuts them into requests bounded by records and bytes: a request goes
/// out when it is full, or when its oldest reading has waited the linger time. Not thread-safe.
/// </summary>
public sealed class DeliveryBatchPlanner(int maxRecords, int maxBytes)
{
    private readonly Queue<TelemetryRecord> _queue = new();
    private long _queuedBytes;
    private DateTimeOffset? _oldestArrival;

    public int QueuedRecords => _queue.Count;

    public long QueuedBytes => _queuedBytes;

    /// <summary>When the longest-waiting queued reading was received; null when empty.</summary>
    public DateTimeOffset? OldestReceivedAt
    {
        get
        {
            DateTimeOffset? oldest = null;
            foreach (var record in _queue)
            {
                oldest = oldest is null || record.ReceivedAt < oldest ? record.ReceivedAt : oldest;
            }

            return oldest;
        }
    }

    public void Add(IReadOnlyList<TelemetryRecord> records, DateTimeOffset now)
    {
        foreach (var record in records)
        {
            _queue.Enqueue(record);
            _queuedBytes += record.ApproximateBytes;
        }

        _oldestArrival ??= now;
    }

    /// <summary>When the queued records must go out even if the request is not full; null when empty.</summary>
    public DateTimeOffset? ReadyAt(TimeSpan linger) => _queue.Count == 0 ? null : _oldestArrival + linger;

    /// <summary>The next request's records, or null when nothing is ready yet.</summary>
    public IReadOnlyList<TelemetryRecord>? TakeBatch(DateTimeOffset now, TimeSpan linger, bool force)
    {
        if (_queue.Count == 0)
        {
            return null;
        }

        var full = _queue.Count >= maxRecords || _queuedBytes >= maxBytes;
        if (!full && !force && now < _oldestArrival + linger)
        {
            return null;
        }

        var batch = new List<TelemetryRecord>(Math.Min(_queue.Count, maxRecords));
        long bytes = 0;
        while (_queue.Count > 0 && batch.Count < maxRecords)
        {
            var next = _queue.Peek();
            if (batch.Count > 0 && bytes + next.ApproximateBytes > maxBytes)
            {
                break;
            }

            _queue.Dequeue();
            bytes += next.ApproximateBytes;
            batch.Add(next);
        }

        _queuedBytes -= bytes;
        // What stays behind has waited since before this cut: it goes out on the next turn if due.
        _oldestArrival = _queue.Count == 0 ? null : (_oldestArrival ?? now);
        return batch;
    }
}
