namespace Lakegate.Grains.Interfaces;

/// <summary>
/// A Databricks access token handed to a silo's cache. <see cref="RefreshAfter"/> tells the cache
/// when to ask again; the token grain alone decides when to refresh.
/// </summary>
[GenerateSerializer, Immutable, Alias("Lakegate.AccessTokenLease")]
public sealed class AccessTokenLease
{
    public AccessTokenLease(string accessToken, long version, DateTimeOffset expiresAt, DateTimeOffset refreshAfter)
    {
        AccessToken = accessToken;
        Version = version;
        ExpiresAt = expiresAt;
        RefreshAfter = refreshAfter;
    }

    /// <summary>The bearer token. Never logged.</summary>
    [Id(0)] public string AccessToken { get; }
    /// <summary>Increases with every refresh; used to invalidate a rejected token once.</summary>
    [Id(1)] public long Version { get; }
    /// <summary>When the token stops being usable (already 40 s before the server's expiry).</summary>
    [Id(2)] public DateTimeOffset ExpiresAt { get; }
    [Id(3)] public DateTimeOffset RefreshAfter { get; }

    public override string ToString() => $"AccessTokenLease(v{Version}, expires {ExpiresAt:O})";
}
