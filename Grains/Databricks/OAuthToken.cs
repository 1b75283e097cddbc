namespace Lakegate.Grains.Databricks;

/// <summary>A token as the token endpoint granted it. Never logged: <see cref="ToString"/> hides it.</summary>
public sealed class OAuthToken(string accessToken, DateTimeOffset obtainedAt, DateTimeOffset expiresAt)
{
    public string AccessToken { get; } = accessToken;
    public DateTimeOffset ObtainedAt { get; } = obtainedAt;

    /// <summary>The expiry the server stated.</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public override string ToString() => $"OAuthToken(expires {ExpiresAt:O})";
}
