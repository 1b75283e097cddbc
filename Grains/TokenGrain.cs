using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains;

/// <summary>
/// Owns one credential profile's Databricks token. Reentrant, so callers keep getting the current
/// token while one refresh runs; the refresh rules live in <see cref="TokenCache"/>.
/// </summary>
[Reentrant]
public sealed class TokenGrain(
    ITokenSource source,
    TimeProvider time,
    IOptions<TokenCacheOptions> options,
    LakegateMetrics metrics,
    ILogger<TokenGrain> logger) : Grain, ITokenGrain
{
    private TokenCache _cache = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _cache = new TokenCache(this.GetPrimaryKeyString(), source, time, options.Value, logger, metrics);
        return Task.CompletedTask;
    }

    public Task<AccessTokenLease> GetToken() => _cache.GetAsync();

    public Task Invalidate(long version)
    {
        _cache.Invalidate(version);
        return Task.CompletedTask;
    }

    public Task<TokenStatus> GetStatus() => Task.FromResult(_cache.Status());
}
