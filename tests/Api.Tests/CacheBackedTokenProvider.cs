using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Tests;

/// <summary>Gives the sink tokens straight from a <see cref="TokenCache"/>, without a cluster.</summary>
public sealed class CacheBackedTokenProvider(TokenCache cache) : IAccessTokenProvider
{
    public async ValueTask<AccessTokenLease> GetAsync(CancellationToken cancellationToken = default) =>
        await cache.GetAsync(cancellationToken);

    public Task InvalidateAsync(long version)
    {
        cache.Invalidate(version);
        return Task.CompletedTask;
    }
}
