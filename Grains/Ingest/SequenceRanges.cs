namespace Lakegate.Grains.Ingest;

/// <summary>
/// A set of sequence numbers kept as sorted, merged ranges: a device's re-buffered journal rows are nearly
/// always contiguous, so thousands of them cost a few entries.
/// </summary>
public sealed class SequenceRanges
{
    private readonly List<(long First, long Last)> _ranges = [];

    public int RangeCount => _ranges.Count;

    public void Add(long seq)
    {
        var index = FindFirstEndingAtOrAfter(seq);
        if (index < _ranges.Count && _ranges[index].First <= seq)
        {
            return;
        }

        var joinsPrevious = index > 0 && _ranges[index - 1].Last == seq - 1;
        var joinsNext = index < _ranges.Count && _ranges[index].First == seq + 1;
        if (joinsPrevious && joinsNext)
        {
            _ranges[index - 1] = (_ranges[index - 1].First, _ranges[index].Last);
            _ranges.RemoveAt(index);
        }
        else if (joinsPrevious)
        {
            _ranges[index - 1] = (_ranges[index - 1].First, seq);
        }
        else if (joinsNext)
        {
            _ranges[index] = (seq, _ranges[index].Last);
        }
        else
        {
            _ranges.Insert(index, (seq, seq));
        }
    }

    public bool Contains(long seq)
    {
        var index = FindFirstEndingAtOrAfter(seq);
        return index < _ranges.Count && _ranges[index].First <= seq;
    }

    /// <summary>Index of the first range whose last number is at least <paramref name="seq"/> (binary search).</summary>
    private int FindFirstEndingAtOrAfter(long seq)
    {
        int low = 0, high = _ranges.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_ranges[middle].Last < seq)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
