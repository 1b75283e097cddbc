using Lakegate.Grains.Databricks;

namespace Lakegate.Resilience.Tests;

/// <summary>
/// The token cache on a simulated clock while the token endpoint is down: an outage inside a token's life
/// costs callers nothing; one that runs past expiry makes them fail fast, and they recover once it ends.
/// </summary>
public sealed class TokenEndpointOutageTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_fifty_minute_outage_five_minutes_into_a_tokens_life_causes_no_caller_failure()
    {
        var run = new ConcurrentFlushers(flushers: 200, tokenLifetime: Hour);
        var start = run.Now;
        var outageStart = start + TimeSpan.FromMinutes(5);
        var outageEnd = start + TimeSpan.FromMinutes(55);

        var steps = await run.RunAsync(Step, start + TimeSpan.FromMinutes(70), now => run.Source.Down = now >= outageStart && now < outageEnd);

        Assert.All(steps, s => Assert.Equal(run.Flushers, s.Served));
        Assert.All(steps, s => Assert.Equal(0, s.Unavailable));
        Assert.All(steps, s => Assert.Equal(0, s.UnusableServed));
        Assert.All(steps.Skip(1), s => Assert.Equal(0, s.Waited));
        Assert.All(steps, s => Assert.InRange(s.TokenRequests, 0, 1));

        // Refresh attempts begin when the token goes stale (40 min), not when the outage begins, and back off.
        var failed = run.Source.FailedAt;
        var first = run.Source.Grants[0];
        Assert.True(failed.Count >= 3, $"only {failed.Count} refresh attempts failed");
        Assert.Equal(TokenRefreshSchedule.StaleAt(first), failed[0]);
        var gaps = failed.Zip(failed.Skip(1), (a, b) => b - a).ToArray();
        Assert.All(gaps, g => Assert.InRange(g, run.Options.RetryDelay, run.Options.MaxRetryDelay + Step));
        Assert.True(gaps[1] > gaps[0], "the retry delay did not grow");

        // The refresh succeeds soon after the outage, before the first token becomes unusable.
        var second = run.Source.Grants[1];
        Assert.InRange(second.ObtainedAt, outageEnd, outageEnd + run.Options.MaxRetryDelay + Step);
        Assert.True(second.ObtainedAt < TokenRefreshSchedule.UnusableAt(first));
        Assert.Equal(2, run.Source.Grants.Count);
    }

    [Fact]
    public async Task An_outage_past_expiry_makes_callers_fail_fast_and_they_recover_right_after_it()
    {
        var run = new ConcurrentFlushers(flushers: 200, tokenLifetime: Hour);
        var start = run.Now;
        var outageStart = start + TimeSpan.FromMinutes(5);
        var outageEnd = start + TimeSpan.FromMinutes(75);

        // AskAsync fails the test if any call does not complete within seconds of real time: nobody hangs.
        var steps = await run.RunAsync(Step, start + TimeSpan.FromMinutes(90), now => run.Source.Down = now >= outageStart && now < outageEnd);

        var first = run.Source.Grants[0];
        var unusableAt = TokenRefreshSchedule.UnusableAt(first);
        Assert.All(steps, s => Assert.Equal(0, s.UnusableServed));
        Assert.All(steps, s => Assert.InRange(s.TokenRequests, 0, 1));
        Assert.All(steps.Where(s => s.At < unusableAt), s => Assert.Equal(run.Flushers, s.Served));

        // Between expiry and the end of the outage every caller is told there is no token.
        var dark = steps.Where(s => s.At >= unusableAt && s.At < outageEnd).ToArray();
        Assert.NotEmpty(dark);
        Assert.All(dark, s => Assert.Equal(run.Flushers, s.Unavailable));

        // Failed attempts stay bounded by the back-off however many callers ask (200 per step, 60 steps).
        var attemptsWhileDark = run.Source.FailedAt.Count(t => t >= unusableAt);
        Assert.InRange(attemptsWhileDark, 1, (int)((outageEnd - unusableAt) / run.Options.MaxRetryDelay) + 2);

        // Recovery within one back-off interval of the outage's end, and full service from then on.
        var recovered = steps.First(s => s.At >= outageEnd && s.Served == run.Flushers);
        Assert.InRange(recovered.At, outageEnd, outageEnd + run.Options.MaxRetryDelay + Step);
        Assert.All(steps.Where(s => s.At > recovered.At), s => Assert.Equal(run.Flushers, s.Served));
        Assert.Equal(2, run.Source.Grants.Count);
    }
}
