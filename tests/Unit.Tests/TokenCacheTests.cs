using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lakegate.Unit.Tests;

public sealed class TokenCacheTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private TokenCache NewCache(CountingTokenSource source) =>
        new("default", source, _time, new TokenCacheOptions(), NullLogger.Instance);

    [Fact]
    public async Task Two_hundred_concurrent_callers_on_an_expired_token_share_one_grant()
    {
        var source = new CountingTokenSource(_time, Hour);
        var cache = NewCache(source);
        await cache.GetAsync();
        _time.Advance(Hour); // expired

        source.Hold();
        var callers = Enumerable.Range(0, 200).Select(_ => Task.Run(() => cache.GetAsync())).ToArray();
        await WaitUntil(() => source.Requests == 2);
        source.Release();
        var leases = await Task.WhenAll(callers);

        Assert.Equal(2, source.Requests);
        Assert.All(leases, l => Assert.Equal("token-2", l.AccessToken));
        Assert.Equal(2, cache.Grants);
    }

    [Fact]
    public async Task A_one_hour_token_is_refreshed_once_per_lifetime_ahead_of_expiry_without_making_callers_wait()
    {
        var source = new CountingTokenSource(_time, Hour);
        var cache = NewCache(source);
        var first = await cache.GetAsync();

        // Fresh until 40 minutes in (the stale window of a 1 h token is 20 min).
        _time.Advance(TimeSpan.FromMinutes(39));
        Assert.Same(first.AccessToken, (await cache.GetAsync()).AccessToken);
        Assert.Equal(1, source.Requests);

        // Inside the window: the caller still gets the current token; one background refresh starts.
        source.Hold();
        _time.Advance(TimeSpan.FromMinutes(2));
        var during = await cache.GetAsync();
        Assert.Equal(first.AccessToken, during.AccessToken);
        await WaitUntil(() => source.Requests == 2);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(first.AccessToken, (await cache.GetAsync()).AccessToken);
        }

        Assert.Equal(2, source.Requests);
        source.Release();
        await WaitUntil(() => cache.Grants == 2);
        Assert.Equal("token-2", (await cache.GetAsync()).AccessToken);
    }

    [Fact]
    public async Task Over_three_hours_with_many_callers_a_one_hour_token_is_granted_about_once_per_hour()
    {
        var source = new CountingTokenSource(_time, Hour);
        var cache = NewCache(source);
        for (var minute = 0; minute < 180; minute++)
        {
            var leases = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cache.GetAsync()));
            Assert.All(leases, l => Assert.True(l.ExpiresAt > _time.GetUtcNow(), "a caller got a token that is already unusable"));
            _time.Advance(TimeSpan.FromMinutes(1));
            await WaitUntil(() => cache.Status().Usable);
        }

        // One grant at the start, then one each 40 minutes: 1 + 180/40.
        Assert.InRange(source.Requests, 4, 6);
    }

    [Fact]
    public async Task A_token_counts_as_expired_forty_seconds_early()
    {
        var source = new CountingTokenSource(_time, Hour);
        var cache = NewCache(source);
        var lease = await cache.GetAsync();
        Assert.Equal(_time.GetUtcNow() + Hour - TimeSpan.FromSeconds(40), lease.ExpiresAt);

        source.Fail = true;
        _time.Advance(Hour - TimeSpan.FromSeconds(39));
        await Assert.ThrowsAsync<TokenUnavailableException>(() => cache.GetAsync());
    }

    [Fact]
    public async Task A_failed_refresh_backs_off_while_the_current_token_is_still_served()
    {
        var source = new CountingTokenSource(_time, Hour);
        var cache = NewCache(source);
        var first = await cache.GetAsync();
        source.Fail = true;
        _time.Advance(TimeSpan.FromMinutes(41));

        Assert.Equal(first.AccessToken, (await cache.GetAsync()).AccessToken);
        await WaitUntil(() => cache.Status().ConsecutiveFailures == 1);

        // Within the back-off no new attempt is made, however many callers come.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(first.AccessToken, (await cache.GetAsync()).AccessToken);
        }

        Assert.Equal(2, source.Requests);
        Assert.True(cache.Status().Usable);

        source.Fail = false;
        _time.Advance(TimeSpan.FromMinutes(1));
        await cache.GetAsync();
        await WaitUntil(() => cache.Grants == 2);
        Assert.Equal(0, cache.Status().ConsecutiveFailures);
    }

    [Fact]
    public async Task An_invalidated_version_is_refreshed_once_and_a_stale_invalidation_is_ignored()
    {
        var source = new CountingTokenSource(_time, Hour);
        var cache = NewCache(source);
        var first = await cache.GetAsync();

        cache.Invalidate(first.Version);
        cache.Invalidate(first.Version);
        var second = await cache.GetAsync();
        Assert.Equal(2, source.Requests);
        Assert.True(second.Version > first.Version);

        cache.Invalidate(first.Version); // late report about the old token
        Assert.Equal(second.AccessToken, (await cache.GetAsync()).AccessToken);
        Assert.Equal(2, source.Requests);
    }

    [Fact]
    public void The_stale_window_is_half_the_lifetime_for_short_tokens_and_twenty_minutes_for_long_ones()
    {
        var now = _time.GetUtcNow();
        Assert.Equal(now + TimeSpan.FromMinutes(5), TokenRefreshSchedule.StaleAt(new OAuthToken("t", now, now + TimeSpan.FromMinutes(10))));
        Assert.Equal(now + TimeSpan.FromMinutes(40), TokenRefreshSchedule.StaleAt(new OAuthToken("t", now, now + Hour)));
    }

    [Fact]
    public async Task A_token_too_short_for_the_usual_window_is_refreshed_halfway_through_its_usable_span_without_making_callers_wait()
    {
        var now = _time.GetUtcNow();
        var minute = new OAuthToken("t", now, now + TimeSpan.FromSeconds(60));
        Assert.Equal(now + TimeSpan.FromSeconds(20), TokenRefreshSchedule.UnusableAt(minute));
        Assert.Equal(now + TimeSpan.FromSeconds(10), TokenRefreshSchedule.StaleAt(minute));

        var source = new CountingTokenSource(_time, TimeSpan.FromSeconds(60));
        var cache = NewCache(source);
        var first = await cache.GetAsync();
        source.Hold();
        _time.Advance(TimeSpan.FromSeconds(12));
        Assert.Equal(first.AccessToken, (await cache.GetAsync()).AccessToken);
        await WaitUntil(() => source.Requests == 2);
        source.Release();
        await WaitUntil(() => cache.Grants == 2);
        Assert.NotEqual(first.AccessToken, (await cache.GetAsync()).AccessToken);
    }

    [Fact]
    public async Task Status_never_contains_the_token()
    {
        var source = new CountingTokenSource(_time, Hour);
        var cache = NewCache(source);
        var lease = await cache.GetAsync();
        Assert.DoesNotContain(lease.AccessToken, cache.Status().ToString());
        Assert.DoesNotContain(lease.AccessToken, lease.ToString());
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met within 10 s");
            }

            await Task.Delay(5);
        }
    }
}
