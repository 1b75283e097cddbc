using Lakegate.Grains.Interfaces;

namespace Lakegate.Grains.Databricks;

/// <summary>What a sink needs of the token: a usable one, and a way to report a rejected version.</summary>
public interface IAccessTokenProvider
{
    ValueTask<AccessTokenLease> GetAsync(CancellationToken cancellationToken = default);

    Task InvalidateAsync(long version);
}
