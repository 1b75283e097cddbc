namespace Lakegate.Grains.Databricks;

/// <summary>
/// When a token must be refreshed, following what the Databricks SDKs learned: it counts as expired
/// 40 s before its stated expiry (the server refuses tokens with 30 s or less left), and it is
/// refreshed ahead of time once within min(lifetime / 2, 20 min) of expiry. A token too short-lived for that
/// window to open before it counts as expired (80 s or less) is refreshed halfway through its usable span.
/// </summary>
public static class TokenRefreshSchedule
{
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(40);
    public static readonly TimeSpan MaxStaleWindow = TimeSpan.FromMinutes(20);

    /// <summary>From this instant the token is not used any more.</summary>
    public static DateTimeOffset UnusableAt(OAuthToken token) => token.ExpiresAt - ExpiryMargin;

    /// <summary>From this instant a background refresh is due while the token is still served.</summary>
    public static DateTimeOffset StaleAt(OAuthToken token)
    {
        var lifetime = token.ExpiresAt - token.ObtainedAt;
        if (lifetime < TimeSpan.Zero)
        {
            lifetime = TimeSpan.Zero;
        }

        var window = lifetime / 2 < MaxStaleWindow ? lifetime / 2 : MaxStaleWindow;
        var staleAt = token.ExpiresAt - window;
        var unusableAt = UnusableAt(token);
        return staleAt < unusableAt ? staleAt : token.ObtainedAt + (unusableAt - token.ObtainedAt) / 2;
    }
}
