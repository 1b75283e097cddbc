namespace Lakegate.Grains.Interfaces;

[GenerateSerializer, Alias("Lakegate.IngestOutcome")]
public enum IngestOutcome
{
    Accepted = 0,
    /// <summary>Missing, unknown, wrong, revoked or expired key: one answer for all.</summary>
    Unauthorized = 1,
    /// <summary>Valid key, device disabled.</summary>
    Disabled = 2,
    /// <summary>This device has too many undelivered readings; retry later.</summary>
    DeviceBufferFull = 3,
    /// <summary>The gateway cannot take more now (silo memory budget, storage down).</summary>
    GatewayBusy = 4,
}
