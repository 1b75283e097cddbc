using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Sink.Tests;

/// <summary>Hands the sink tokens straight from a <see cref="TokenCache"/>, without a cluster.</summary>
public sealed class TokenCacheProvider(Func<TokenCache> cache) : IAccessTokenProvider
{
    public async ValueTask<AccessTokenLease> GetAsync(CancellationToken cancellationToken = default) =>
        await cache().GetAsync(cancellationToken);

    public Task InvalidateAsync(long version)
    {
        cache().Invalidate(version);
        return Task.CompletedTask;
    }
}
