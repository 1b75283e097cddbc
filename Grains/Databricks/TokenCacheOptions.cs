namespace Lakegate.Grains.Databricks;

public sealed class TokenCacheOptions
{
    public const string SectionName = "Databricks:TokenRefresh";

    /// <summary>Wait after a failed refresh before the next attempt (doubled per failure up to <see cref="MaxRetryDelay"/>).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one grant may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
