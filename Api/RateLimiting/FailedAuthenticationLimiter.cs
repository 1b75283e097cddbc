using System.Threading.RateLimiting;

namespace Lakegate.Api.RateLimiting;

/// <summary>
/// Counts failed device authentications per client address in one-minute windows. A client over the
/// limit is refused before any grain is woken, so floods of unknown devices or wrong keys cost neither
/// activations nor storage reads.
/// </summary>
public sealed class FailedAuthenticationLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedAuthenticationLimiter(int failuresPerMinute)
    {
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, failuresPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public bool IsBlocked(string client) => _limiter.GetStatistics(client) is { CurrentAvailablePermits: <= 0 };

    public void RecordFailure(string client)
    {
        using var lease = _limiter.AttemptAcquire(client);
    }

    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => _limiter.Dispose();
}
