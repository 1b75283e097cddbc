using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lakegate.Resilience.Tests;

/// <summary>
/// Many delivery flushers asking one <see cref="TokenCache"/> for a token at the same (fake) instant,
/// against a token endpoint double that can be switched off.
/// </summary>
internal sealed class ConcurrentFlushers
{
    /// <summary>How far before its stated expiry Databricks refuses a token.</summary>
    public static readonly TimeSpan ServerRefusalWindow = TimeSpan.FromSeconds(30);

    // Generous: a real hang never ends, while a loaded 2-core machine can starve the thread pool for seconds.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    public ConcurrentFlushers(int flushers, TimeSpan tokenLifetime)
    {
        Flushers = flushers;
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        Source = new SwitchableTokenSource(Time, tokenLifetime);
        Options = new TokenCacheOptions();
        Cache = new TokenCache("default", Source, Time, Options, NullLogger.Instance);
    }

    public int Flushers { get; }

    public FakeTimeProvider Time { get; }

    public SwitchableTokenSource Source { get; }

    public TokenCacheOptions Options { get; }

    public TokenCache Cache { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>All flushers ask at once; returns when every call has completed and any refresh it started has settled.</summary>
    public async Task<FlusherStep> AskAsync()
    {
        var at = Now;
        var requestsBefore = Source.Requests;
        // The cache says when it will next ask the endpoint: callers at or after that instant start one request.
        var refreshDue = Cache.Status().NextRefreshAt is not { } next || at >= next;
        var calls = Enumerable.Range(0, Flushers).Select(_ => Task.Run(() => AskOnceAsync(at))).ToArray();
        var outcomes = await Task.WhenAll(calls).WaitAsync(HangLimit);
        await SettledAsync(requestsBefore + (refreshDue ? 1 : 0));
        return new FlusherStep(
            at,
            outcomes.Count(o => o.Served),
            outcomes.Count(o => o.Waited),
            outcomes.Count(o => o.Unavailable),
            outcomes.Count(o => o.Served && !o.Usable),
            Source.Requests - requestsBefore);
    }

    /// <summary>Advances the clock by <paramref name="step"/> until <paramref name="until"/>, asking at each instant.</summary>
    public async Task<List<FlusherStep>> RunAsync(TimeSpan step, DateTimeOffset until, Action<DateTimeOffset>? beforeEachStep = null)
    {
        var steps = new List<FlusherStep>();
        while (Now < until)
        {
            beforeEachStep?.Invoke(Now);
            steps.Add(await AskAsync());
            Time.Advance(step);
        }

        return steps;
    }

    private async Task<(bool Served, bool Waited, bool Unavailable, bool Usable)> AskOnceAsync(DateTimeOffset at)
    {
        Task<AccessTokenLease> call;
        try
        {
            call = Cache.GetAsync();
        }
        catch (TokenUnavailableException)
        {
            return (false, false, true, false);
        }

        var waited = !call.IsCompleted;
        try
        {
            var lease = await call;
            return (true, waited, false, IsUsable(lease, at));
        }
        catch (TokenUnavailableException)
        {
            return (false, waited, true, false);
        }
    }

    /// <summary>Usable: the gateway still counts it valid, and Databricks would accept it.</summary>
    private bool IsUsable(AccessTokenLease lease, DateTimeOffset at)
    {
        var granted = Source.Grants.SingleOrDefault(g => g.AccessToken == lease.AccessToken);
        return granted is not null && at < lease.ExpiresAt && at < granted.ExpiresAt - ServerRefusalWindow;
    }

    /// <summary>
    /// Waits until the endpoint double has seen <paramref name="expectedRequests"/> and the cache has taken in
    /// every answer, so that no refresh runs on while the clock moves.
    /// </summary>
    private Task SettledAsync(int expectedRequests) => Eventually.True(
        () =>
        {
            var status = Cache.Status();
            return Source.Requests >= expectedRequests
                && status.Grants == Source.Grants.Count
                && status.ConsecutiveFailures == Source.FailuresSinceLastGrant;
        },
        HangLimit,
        "the token cache did not settle after a refresh");
}
