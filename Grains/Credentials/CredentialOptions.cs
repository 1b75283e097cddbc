namespace Lakegate.Grains.Credentials;

/// <summary>Device-key policy. Bound from the "Credentials" configuration section.</summary>
public sealed class CredentialOptions
{
    public const string SectionName = "Credentials";

    /// <summary>
    /// Base64 server secret for the keyed hash of device keys (at least 32 bytes).
    /// Required in durable mode; the embedded default generates one per process.
    /// </summary>
    public string? HashSecret { get; set; }

    /// <summary>Lifetime of a key when the operator does not ask for one.</summary>
    public int DefaultKeyLifetimeDays { get; set; } = 365;

    /// <summary>No key lives longer than this (the longest Databricks allows for a personal access token).</summary>
    public int MaxKeyLifetimeDays { get; set; } = 730;
}
