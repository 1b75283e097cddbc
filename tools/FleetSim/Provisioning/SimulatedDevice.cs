using Lakegate.FleetSim.Replay;

namespace Lakegate.FleetSim.Provisioning;

/// <summary>
/// One provisioned simulated device: its credential, the stream it replays, and what this run sent for it.
/// A device has at most one request in flight, so its counters are only written by one worker at a time.
/// </summary>
public sealed class SimulatedDevice
{
    public SimulatedDevice(int index, string deviceId, string key, long baselineAccepted, DeviceReplayCursor cursor, Uri api)
    {
        Index = index;
        DeviceId = deviceId;
        AuthorizationHeader = "Bearer " + key;
        BaselineAccepted = baselineAccepted;
        Cursor = cursor;
        TelemetryUri = new Uri($"{api.ToString().TrimEnd('/')}/v1/devices/{deviceId}/telemetry");
    }

    /// <summary>0-based position in the fleet.</summary>
    public int Index { get; }

    public string DeviceId { get; }

    /// <summary>The ready-made <c>Authorization</c> header value with the device key.</summary>
    public string AuthorizationHeader { get; }

    /// <summary>Readings the gateway had already accepted for this device before this run (reused device ids).</summary>
    public long BaselineAccepted { get; }

    public DeviceReplayCursor Cursor { get; }

    /// <summary>Absolute address of the device's telemetry endpoint.</summary>
    public Uri TelemetryUri { get; }

    /// <summary>Requests started for this device; numbers its idempotency keys.</summary>
    public long RequestsStarted { get; set; }

    /// <summary>Readings the gateway answered 202 for during this run.</summary>
    public long AcceptedThisRun { get; set; }

    /// <summary>What the gateway's <c>accepted</c> count must reach once this run's readings are in.</summary>
    public long ExpectedAccepted => BaselineAccepted + AcceptedThisRun;
}
