using System.Collections.Concurrent;

namespace Lakegate.Chaos.Tests;

/// <summary>
/// Every answer the simulated devices got: the <c>202</c>s (the promises to check), the count of answers by
/// status, and what must never happen (a 500, one request acknowledged under two different ranges).
/// </summary>
public sealed class IngestLedger
{
    private readonly ConcurrentDictionary<(string Device, string Key), Acknowledgement> _acknowledged = new();
    private readonly ConcurrentDictionary<string, long> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private long _replays;

    public IReadOnlyCollection<Acknowledgement> Acknowledged => [.. _acknowledged.Values];

    public long AcknowledgedReadings => _acknowledged.Values.Sum(a => (long)a.Count);

    public long Replays => Interlocked.Read(ref _replays);

    public IReadOnlyDictionary<string, long> Answers => new SortedDictionary<string, long>(_answers, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Violations => [.. _violations];

    public void Answered(string kind) => _answers.AddOrUpdate(kind, 1, (_, n) => n + 1);

    /// <summary>Records a 202. The same request acknowledged again must carry the same sequence numbers.</summary>
    public void Acknowledge(Acknowledgement acknowledgement)
    {
        var first = _acknowledged.GetOrAdd((acknowledgement.DeviceId, acknowledgement.IdempotencyKey), acknowledgement);
        if (!ReferenceEquals(first, acknowledgement))
        {
            Interlocked.Increment(ref _replays);
            if ((first.FirstSeq, first.LastSeq) != (acknowledgement.FirstSeq, acknowledgement.LastSeq))
            {
                Violation($"{acknowledgement.DeviceId}: Idempotency-Key {acknowledgement.IdempotencyKey} acknowledged as {first.FirstSeq}..{first.LastSeq} and again as {acknowledgement.FirstSeq}..{acknowledgement.LastSeq}");
            }
        }
    }

    public void Violation(string what) => _violations.Enqueue(what);
}
