using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The opaque access tokens the token endpoint issued, with their expiry. Thread-safe.
/// </summary>
internal sealed class IssuedTokenRegistry
{
    /// <summary>Databricks refuses a token that has this much time left or less.</summary>
    public static readonly TimeSpan RefusalWindowBeforeExpiry = TimeSpan.FromSeconds(30);

    // Expired tokens are kept (so they are reported as expired rather than unknown) until the registry
    // grows past this size; then those expired for longer than an hour are forgotten.
    private const int PruneThreshold = 100_000;
    private static readonly TimeSpan ExpiredTokenRetention = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> expiryByToken = new(StringComparer.Ordinal);

    public int Count => expiryByToken.Count;

    public string Issue(DateTimeOffset now, TimeSpan lifetime)
    {
        if (expiryByToken.Count >= PruneThreshold)
        {
            PruneExpiredBefore(now - ExpiredTokenRetention);
        }

        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        expiryByToken[token] = now + lifetime;
        return token;
    }

    public TokenStatus Check(string token, DateTimeOffset now)
    {
        if (!expiryByToken.TryGetValue(token, out var expiresAt))
        {
            return TokenStatus.Unknown;
        }

        if (now >= expiresAt)
        {
            return TokenStatus.Expired;
        }

        return expiresAt - now <= RefusalWindowBeforeExpiry ? TokenStatus.ExpiringWithin30Seconds : TokenStatus.Valid;
    }

    /// <summary>Forgets every token issued so far; returns how many there were.</summary>
    public int RevokeAll()
    {
        var revoked = 0;
        foreach (var token in expiryByToken.Keys)
        {
            if (expiryByToken.TryRemove(token, out _))
            {
                revoked++;
            }
        }

        return revoked;
    }

    private void PruneExpiredBefore(DateTimeOffset cutoff)
    {
        foreach (var (token, expiresAt) in expiryByToken)
        {
            if (expiresAt < cutoff)
            {
                expiryByToken.TryRemove(token, out _);
            }
        }
    }
}
