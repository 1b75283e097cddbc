namespace Lakegate.Grains.Databricks;

/// <summary>The token endpoint did not grant a token. The message never contains a secret.</summary>
public sealed class TokenRequestException(string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>How long the endpoint asked us to wait, when it said so.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
