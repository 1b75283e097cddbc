using Lakegate.Grains.Ingest;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Unit.Tests;

public sealed class IdempotencyWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IngestResult Result = new(IngestOutcome.Accepted, 3, 10, 12, 0, false);

    [Fact]
    public void A_remembered_key_is_answered_again_as_a_replay_within_the_window()
    {
        var window = new IdempotencyWindow(TimeSpan.FromMinutes(10), 10);
        window.Remember("k1", Result, Now);
        Assert.True(window.TryGet("k1", Now.AddMinutes(9), out var again));
        Assert.Equal(10, again.FirstSeq);
        Assert.True(again.Replayed);
        Assert.False(window.TryGet("k2", Now, out _));
    }

    [Fact]
    public void A_key_is_forgotten_after_the_window()
    {
        var window = new IdempotencyWindow(TimeSpan.FromMinutes(10), 10);
        window.Remember("k1", Result, Now);
        Assert.False(window.TryGet("k1", Now.AddMinutes(10), out _));
        Assert.Equal(0, window.Count);
    }

    [Fact]
    public void The_window_is_bounded_and_forgets_the_oldest_first()
    {
        var window = new IdempotencyWindow(TimeSpan.FromMinutes(10), 3);
        for (var i = 0; i < 5; i++)
        {
            window.Remember($"k{i}", Result, Now);
        }

        Assert.Equal(3, window.Count);
        Assert.False(window.TryGet("k0", Now, out _));
        Assert.True(window.TryGet("k4", Now, out _));
    }
}
