namespace Lakegate.Grains.Telemetry;

/// <summary>The <c>reason</c> tag of <c>lakegate.requests.rejected</c>.</summary>
public static class RejectionReason
{
    /// <summary>Missing, unknown, wrong, revoked or expired device key.</summary>
    public const string Unauthorized = "unauthorized";

    public const string Disabled = "disabled";

    /// <summary>The device has too many readings waiting for delivery.</summary>
    public const string DeviceBacklog = "device_backlog";

    /// <summary>The silo's memory budget or storage is exhausted, or the cluster is unreachable.</summary>
    public const string GatewayBusy = "gateway_busy";

    /// <summary>Over the per-device rate limit, or the client failed to authenticate too often.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Bad device id, media type, size, Idempotency-Key or body.</summary>
    public const string Malformed = "malformed";
}
