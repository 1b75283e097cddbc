using Lakegate.Grains.Interfaces;

namespace Lakegate.Grains.Databricks;

/// <summary>
/// A silo's copy of the token. It asks the token grain only when its copy reaches the grain's
/// refresh hint, so the grain is called about once per token lifetime per silo, and it never decides
/// by itself when to refresh. A rejected version is reported to the grain once, not once per caller.
/// </summary>
public sealed class SiloTokenProvider(IGrainFactory grains, TimeProvider time) : IAccessTokenProvider
{
    public const string DefaultProfile = "default";
    private static readonly TimeSpan FailedFetchPause = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private AccessTokenLease? _lease;
    private Task<AccessTokenLease>? _fetch;
    private DateTimeOffset _nextFetchAt = DateTimeOffset.MinValue;
    private long _highestInvalidated = -1;
    private long _grainCalls;

    /// <summary>How often this silo asked the token grain.</summary>
    public long GrainCalls => Interlocked.Read(ref _grainCalls);

    public async ValueTask<AccessTokenLease> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<AccessTokenLease> fetch;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var current = _lease is { } lease && now < lease.ExpiresAt ? lease : null;
            if (current is not null && (now < current.RefreshAfter || _fetch is not null || now < _nextFetchAt))
            {
                return current;
            }

            _fetch ??= StartFetch();
            if (current is not null)
            {
                // Still valid: keep serving it while the grain is asked in the background.
                return current;
            }

            fetch = _fetch;
        }

        return await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports that Databricks rejected this token version.</summary>
    public async Task InvalidateAsync(long version)
    {
        lock (_gate)
        {
            if (_lease?.Version == version)
            {
                _lease = null;
            }

            if (version <= _highestInvalidated)
            {
                return;
            }

            _highestInvalidated = version;
            _nextFetchAt = DateTimeOffset.MinValue;
        }

        await grains.GetGrain<ITokenGrain>(DefaultProfile).Invalidate(version).ConfigureAwait(false);
    }

    private Task<AccessTokenLease> StartFetch()
    {
        var fetch = FetchAsync();
        // A background fetch's failure only delays the next one; nobody may be awaiting it.
        _ = fetch.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return fetch;
    }

    private async Task<AccessTokenLease> FetchAsync()
    {
        await Task.Yield();
        try
        {
            Interlocked.Increment(ref _grainCalls);
            var lease = await grains.GetGrain<ITokenGrain>(DefaultProfile).GetToken().ConfigureAwait(false);
            lock (_gate)
            {
                if (lease.Version > _highestInvalidated)
                {
                    _lease = lease;
                }

                _fetch = null;
            }

            return lease;
        }
        catch
        {
            lock (_gate)
            {
                _fetch = null;
                _nextFetchAt = time.GetUtcNow() + FailedFetchPause;
            }

            throw;
        }
    }
}
