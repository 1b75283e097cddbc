using Lakegate.Grains.Databricks;

namespace Lakegate.Resilience.Tests;

/// <summary>
/// A token endpoint double with an on/off switch: while it is down every request fails as a 503 would;
/// while it is up it grants a token of the given lifetime at once. Records when each grant was made.
/// </summary>
internal sealed class SwitchableTokenSource(TimeProvider time, TimeSpan lifetime) : ITokenSource
{
    private readonly Lock _gate = new();
    private readonly List<OAuthToken> _grants = [];
    private readonly List<DateTimeOffset> _failedAt = [];
    private int _requests;
    private int _failures;
    private int _failuresSinceLastGrant;
    private volatile bool _down;

    public string Mode => "oauth";

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public int Requests => Volatile.Read(ref _requests);

    public int Failures => Volatile.Read(ref _failures);

    public int FailuresSinceLastGrant
    {
        get
        {
            lock (_gate)
            {
                return _failuresSinceLastGrant;
            }
        }
    }

    /// <summary>When each failed request was made.</summary>
    public IReadOnlyList<DateTimeOffset> FailedAt
    {
        get
        {
            lock (_gate)
            {
                return _failedAt.ToArray();
            }
        }
    }

    public IReadOnlyList<OAuthToken> Grants
    {
        get
        {
            lock (_gate)
            {
                return _grants.ToArray();
            }
        }
    }

    public Task<OAuthToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        lock (_gate)
        {
            if (_down)
            {
                _failures++;
                _failedAt.Add(time.GetUtcNow());
                _failuresSinceLastGrant++;
                return Task.FromException<OAuthToken>(new TokenRequestException("token endpoint answered 503 (temporarily_unavailable)"));
            }

            var now = time.GetUtcNow();
            var token = new OAuthToken($"token-{_grants.Count + 1}", now, now + lifetime);
            _grants.Add(token);
            _failuresSinceLastGrant = 0;
            return Task.FromResult(token);
        }
    }
}
