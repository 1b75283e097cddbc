namespace Lakegate.Grains.Delivery;

/// <summary>Records Databricks refused as invalid, kept for operators (bounded: the oldest go first).</summary>
public sealed class DeadLetterStore(int capacity = 100_000)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<DeadLetter> _letters = new();
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add(DeadLetter letter)
    {
        lock (_gate)
        {
            _letters.AddLast(letter);
            if (_letters.Count > capacity)
            {
                _letters.RemoveFirst();
            }
        }

        Interlocked.Increment(ref _total);
    }

    public IReadOnlyList<DeadLetter> List(int limit)
    {
        lock (_gate)
        {
            return _letters.Take(limit).ToArray();
        }
    }
}
