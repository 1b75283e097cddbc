namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Settings of one emulated Databricks workspace: the service principal it accepts,
/// the lifetime of the OAuth tokens it issues, the App it hosts and the clock it judges expiry by.
/// The server reads these while it runs; change <see cref="EmulatorFaults"/> rather than these at run time.
/// </summary>
public sealed class EmulatorOptions
{
    internal const string DefaultClientSecret = "emulator-secret";

    /// <summary>The OAuth client id (service principal application id) the token endpoint accepts.</summary>
    public string ClientId { get; set; } = "lakegate-emulator";

    /// <summary>The OAuth client secret the token endpoint accepts. Any non-empty string.</summary>
    public string ClientSecret { get; set; } = DefaultClientSecret;

    /// <summary>Lifetime of issued access tokens, in seconds (Databricks: one hour).</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Name of the hosted Databricks App; its ingest route is <c>/apps/{AppName}/api/ingest</c>.</summary>
    public string AppName { get; set; } = "lakegate";

    /// <summary>Largest App ingest request body accepted; a larger one is answered 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The clock for token expiry, timestamps and injected delays.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (string.IsNullOrEmpty(ClientId))
        {
            throw new ArgumentException("ClientId must not be empty.", nameof(ClientId));
        }

        if (string.IsNullOrEmpty(ClientSecret))
        {
            throw new ArgumentException("ClientSecret must not be empty.", nameof(ClientSecret));
        }

        if (TokenLifetimeSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TokenLifetimeSeconds), TokenLifetimeSeconds, "TokenLifetimeSeconds must be positive.");
        }

        if (string.IsNullOrEmpty(AppName) || AppName.Contains('/') || AppName.Contains('?') || AppName.Contains('#'))
        {
            throw new ArgumentException("AppName must be a non-empty URL path segment.", nameof(AppName));
        }

        if (MaxRequestBodyBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRequestBodyBytes), MaxRequestBodyBytes, "MaxRequestBodyBytes must be positive.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
