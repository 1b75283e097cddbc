namespace Lakegate.Api.RateLimiting;

/// <summary>Per-device and per-client limits of the device endpoint. Bound from "RateLimits".</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Sustained requests per second one device may make (per Api process).</summary>
    public int DeviceRequestsPerSecond { get; set; } = 100;

    /// <summary>Requests one device may make in a burst above the sustained rate.</summary>
    public int DeviceBurst { get; set; } = 200;

    /// <summary>Failed authentications one client address may cause per minute before it is refused outright.</summary>
    public int FailedAuthenticationsPerMinute { get; set; } = 60;
}
