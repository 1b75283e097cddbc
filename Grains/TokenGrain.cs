using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;
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
    ILogger<TokenGrain> logger) : Grain, ITokenGrain
{
    private TokenCache _cache = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _cache = new TokenCache(this.GetPrimaryKeyString(), source, time, options.Value, logger);
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
