using Lakegate.Grains.Databricks;

namespace Lakegate.Resilience.Tests;

/// <summary>
/// The token cache on a simulated clock: a one-hour token, 200 delivery flushers asking at every step of
/// a three-hour run. One grant at the start, then one background refresh per token, always ahead of expiry.
/// </summary>
public sealed class TokenRefreshOverThreeHoursTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_one_hour_token_is_granted_once_then_refreshed_once_per_lifetime_ahead_of_expiry_with_no_caller_waiting()
    {
        var run = new ConcurrentFlushers(flushers: 200, tokenLifetime: Hour);
        var start = run.Now;

        var steps = await run.RunAsync(Step, start + TimeSpan.FromHours(3));

        // Only the very first callers wait: there is no token yet.
        Assert.True(steps[0].Waited > 0);
        Assert.All(steps.Skip(1), s => Assert.Equal(0, s.Waited));
        Assert.All(steps, s => Assert.Equal(run.Flushers, s.Served));
        Assert.All(steps, s => Assert.Equal(0, s.UnusableServed));
        Assert.All(steps, s => Assert.InRange(s.TokenRequests, 0, 1));

        // A 1 h token goes stale 20 min before expiry: grants at 0, 40, 80, 120 and 160 minutes.
        var grants = run.Source.Grants;
        Assert.Equal(5, grants.Count);
        Assert.Equal(5, run.Source.Requests);
        Assert.Equal(start, grants[0].ObtainedAt);
        for (var i = 1; i < grants.Count; i++)
        {
            var previous = grants[i - 1];
            Assert.InRange(grants[i].ObtainedAt, TokenRefreshSchedule.StaleAt(previous), TokenRefreshSchedule.UnusableAt(previous) - TimeSpan.FromTicks(1));
        }
    }
}
