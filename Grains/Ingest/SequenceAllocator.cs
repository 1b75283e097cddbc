namespace Lakegate.Grains.Ingest;

/// <summary>
/// Hands out per-device sequence numbers from persisted blocks. A new activation starts after the
/// last reserved number, so a crash skips ahead instead of reusing numbers.
/// </summary>
public sealed class SequenceAllocator
{
    private readonly int _blockSize;

    public SequenceAllocator(long reservedThrough, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _blockSize = blockSize;
        ReservedThrough = reservedThrough;
        Next = reservedThrough + 1;
    }

    public long Next { get; private set; }

    public long ReservedThrough { get; private set; }

    /// <summary>The reservation to persist before <paramref name="count"/> numbers can be taken, or null if none is needed.</summary>
    public long? ReservationNeededFor(int count)
    {
        var last = Next + count - 1;
        if (last <= ReservedThrough)
        {
            return null;
        }

        var blocks = (last - ReservedThrough + _blockSize - 1) / _blockSize;
        return ReservedThrough + (blocks * _blockSize);
    }

    /// <summary>Records that a reservation up to <paramref name="reservedThrough"/> was persisted.</summary>
    public void Reserved(long reservedThrough)
    {
        if (reservedThrough > ReservedThrough)
        {
            ReservedThrough = reservedThrough;
        }
    }

    /// <summary>Takes <paramref name="count"/> consecutive numbers; they must already be reserved.</summary>
    public (long First, long Last) Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var first = Next;
        var last = first + count - 1;
        if (last > ReservedThrough)
        {
            throw new InvalidOperationException("Sequence numbers must be reserved before they are taken.");
        }

        Next = last + 1;
        return (first, last);
    }

    /// <summary>The reservation to persist on a clean shutdown: nothing beyond what was handed out.</summary>
    public long HandedOutThrough => Next - 1;
}
