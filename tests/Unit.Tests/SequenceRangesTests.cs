using Lakegate.Grains.Ingest;

namespace Lakegate.Unit.Tests;

public sealed class SequenceRangesTests
{
    [Fact]
    public void Contiguous_numbers_in_any_order_merge_into_one_range()
    {
        var ranges = new SequenceRanges();
        foreach (var seq in new long[] { 5, 3, 4, 1, 2, 7, 6, 4 })
        {
            ranges.Add(seq);
        }

        Assert.Equal(1, ranges.RangeCount);
        Assert.All(Enumerable.Range(1, 7), seq => Assert.True(ranges.Contains(seq)));
        Assert.False(ranges.Contains(0));
        Assert.False(ranges.Contains(8));
    }

    [Fact]
    public void Gaps_stay_out_and_a_filled_gap_joins_its_neighbours()
    {
        var ranges = new SequenceRanges();
        foreach (var seq in new long[] { 10, 11, 12, 20, 21, 30 })
        {
            ranges.Add(seq);
        }

        Assert.Equal(3, ranges.RangeCount);
        Assert.False(ranges.Contains(15));
        Assert.False(ranges.Contains(22));
        Assert.True(ranges.Contains(21));

        for (long seq = 13; seq <= 19; seq++)
        {
            ranges.Add(seq);
        }

        Assert.Equal(2, ranges.RangeCount);
        Assert.True(ranges.Contains(15));
        Assert.False(ranges.Contains(25));
    }

    [Fact]
    public void Agrees_with_a_set_on_random_numbers()
    {
        var random = new Random(42);
        var ranges = new SequenceRanges();
        var set = new HashSet<long>();
        for (var i = 0; i < 2_000; i++)
        {
            var seq = random.Next(0, 500);
            ranges.Add(seq);
            set.Add(seq);
        }

        Assert.All(Enumerable.Range(-1, 503), seq => Assert.Equal(set.Contains(seq), ranges.Contains(seq)));
    }
}
