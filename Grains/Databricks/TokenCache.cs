using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Lakegate.Grains.Databricks;

/// <summary>
/// The one cache layer that decides when a Databricks token is refreshed. Callers get the current token
/// while a single background refresh runs ahead of expiry; only an expired (or rejected) token makes
/// callers wait, and then they all share one refresh. A failed refresh is retried with back-off while
/// the current token is served for as long as it is valid.
/// </summary>
public sealed class TokenCache
{
    /// <summary>How soon a silo cache asks again once the token is inside its refresh window.</summary>
    public static readonly TimeSpan StaleRecheckInterval = TimeSpan.FromSeconds(5);

    private readonly ITokenSource _source;
    private readonly TimeProvider _time;
    private readonly TokenCacheOptions _options;
    private readonly ILogger _logger;
    private readonly string _profile;
    private readonly LakegateMetrics? _metrics;
    private readonly Lock _gate = new();

    private OAuthToken? _token;
    private long _version;
    private bool _invalidated;
    private Task<OAuthToken>? _refresh;
    private DateTimeOffset? _lastRefreshAt;
    private DateTimeOffset _nextAttemptAt = DateTimeOffset.MinValue;
    private int _consecutiveFailures;
    private string? _lastError;
    private long _grants;

    public TokenCache(string profile, ITokenSource source, TimeProvider time, TokenCacheOptions options, ILogger logger, LakegateMetrics? metrics = null)
    {
        _metrics = metrics;
        _profile = profile;
        _source = source;
        _time = time;
        _options = options;
        _logger = logger;
    }

    public long Grants => Interlocked.Read(ref _grants);

    public async Task<AccessTokenLease> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<OAuthToken> pending;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_token is { } token && !_invalidated && now < TokenRefreshSchedule.UnusableAt(token))
            {
                if (now >= TokenRefreshSchedule.StaleAt(token) && _refresh is null && now >= _nextAttemptAt)
                {
                    StartRefresh(background: true);
                }

                return LeaseFor(token, now);
            }

            if (_refresh is null)
            {
                if (now < _nextAttemptAt)
                {
                    throw new TokenUnavailableException(
                        $"No usable Databricks token for profile '{_profile}': the last refresh failed ({_lastError}); next attempt at {_nextAttemptAt:O}.");
                }

                StartRefresh(background: false);
            }

            pending = _refresh!;
        }

        try
        {
            await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TokenUnavailableException($"No usable Databricks token for profile '{_profile}': {ex.Message}");
        }

        lock (_gate)
        {
            return LeaseFor(_token!, _time.GetUtcNow());
        }
    }

    /// <summary>Marks a token version as rejected by Databricks; the next caller refreshes (once).</summary>
    public void Invalidate(long version)
    {
        lock (_gate)
        {
            if (version == _version && _token is not null && !_invalidated)
            {
                _invalidated = true;
                _nextAttemptAt = DateTimeOffset.MinValue;
                _logger.LogWarning("Databricks token v{Version} of profile {Profile} was rejected; it will be refreshed", version, _profile);
            }
        }
    }

    public TokenStatus Status()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var usable = _token is { } t && !_invalidated && now < TokenRefreshSchedule.UnusableAt(t);
            DateTimeOffset? nextRefresh = _token is null ? null : TokenRefreshSchedule.StaleAt(_token);
            if (_consecutiveFailures > 0)
            {
                nextRefresh = _nextAttemptAt;
            }

            return new TokenStatus(
                _profile,
                _source.Mode,
                usable,
                _token is null ? null : TokenRefreshSchedule.UnusableAt(_token),
                _lastRefreshAt,
                _consecutiveFailures,
                _lastError,
                nextRefresh,
                _grants,
                _version);
        }
    }

    private AccessTokenLease LeaseFor(OAuthToken token, DateTimeOffset now)
    {
        var staleAt = TokenRefreshSchedule.StaleAt(token);
        var refreshAfter = now < staleAt ? staleAt : now + StaleRecheckInterval;
        return new AccessTokenLease(token.AccessToken, _version, TokenRefreshSchedule.UnusableAt(token), refreshAfter);
    }

    private void StartRefresh(bool background)
    {
        var refresh = RefreshAsync();
        _refresh = refresh;
        if (background)
        {
            // A background refresh's failure is recorded in the status; nobody awaits it.
            _ = refresh.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private async Task<OAuthToken> RefreshAsync()
    {
        // Runs after the caller has published this task, so completion always clears it.
        await Task.Yield();
        using var activity = LakegateActivities.Source.StartActivity(LakegateActivities.TokenRefresh);
        activity?.SetTag("lakegate.token.profile", _profile);
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            var token = await _source.RequestTokenAsync(timeout.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _token = token;
                _version++;
                _invalidated = false;
                _consecutiveFailures = 0;
                _lastError = null;
                _nextAttemptAt = DateTimeOffset.MinValue;
                _lastRefreshAt = _time.GetUtcNow();
                _grants++;
                _refresh = null;
            }

            _metrics?.TokenRefreshed(_profile, token.ExpiresAt);
            _logger.LogInformation("Databricks token of profile {Profile} refreshed (v{Version}, expires {ExpiresAt:O})", _profile, _version, token.ExpiresAt);
            return token;
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _consecutiveFailures++;
                _lastError = ex is OperationCanceledException ? "token request timed out" : ex.Message;
                var delay = BackoffFor(_consecutiveFailures, (ex as TokenRequestException)?.RetryAfter);
                _nextAttemptAt = _time.GetUtcNow() + delay;
                _refresh = null;
            }

            _metrics?.TokenRefreshFailed(_profile);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, _lastError);
            _logger.LogWarning("Databricks token refresh for profile {Profile} failed ({Failures} in a row): {Error}", _profile, _consecutiveFailures, _lastError);
            throw;
        }
    }

    private TimeSpan BackoffFor(int failures, TimeSpan? retryAfter)
    {
        var delay = _options.RetryDelay * Math.Pow(2, Math.Min(failures - 1, 10));
        if (delay > _options.MaxRetryDelay)
        {
            delay = _options.MaxRetryDelay;
        }

        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}
