using Lakegate.Grains.Ingest;

namespace Lakegate.Unit.Tests;

public sealed class SequenceAllocatorTests
{
    [Fact]
    public void Numbers_are_consecutive_and_need_a_reservation_per_block()
    {
        var allocator = new SequenceAllocator(0, 100);
        Assert.Equal(100, allocator.ReservationNeededFor(1));
        Assert.Throws<InvalidOperationException>(() => allocator.Take(1));

        allocator.Reserved(100);
        Assert.Equal((1L, 60L), allocator.Take(60));
        Assert.Null(allocator.ReservationNeededFor(40));
        Assert.Equal(200, allocator.ReservationNeededFor(41));
        Assert.Equal(300, allocator.ReservationNeededFor(200));
    }

    [Fact]
    public void A_new_activation_after_a_crash_skips_the_rest_of_the_reserved_block()
    {
        var before = new SequenceAllocator(0, 100);
        before.Reserved(100);
        before.Take(7);

        // The crash loses the in-memory position; only the reservation (100) was persisted.
        var after = new SequenceAllocator(100, 100);
        after.Reserved(after.ReservationNeededFor(1)!.Value);
        Assert.Equal(101, after.Take(1).First);
    }

    [Fact]
    public void A_clean_stop_gives_back_the_unused_numbers()
    {
        var allocator = new SequenceAllocator(0, 100);
        allocator.Reserved(100);
        allocator.Take(7);
        Assert.Equal(7, allocator.HandedOutThrough);
        Assert.Equal(8, new SequenceAllocator(allocator.HandedOutThrough, 100).Next);
    }
}
