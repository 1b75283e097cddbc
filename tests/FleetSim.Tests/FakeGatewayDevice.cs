using System.Text.Json;

namespace Lakegate.FleetSim.Tests;

/// <summary>What the in-test gateway keeps per device. Guard every access with <c>lock (device)</c>.</summary>
public sealed class FakeGatewayDevice(string deviceId)
{
    public string DeviceId { get; } = deviceId;

    public List<string> Keys { get; } = [];

    public long Accepted { get; set; }

    public long Delivered { get; set; }

    /// <summary>Answers already given, by idempotency key: (accepted, firstSeq, lastSeq).</summary>
    public Dictionary<string, (int Accepted, long FirstSeq, long LastSeq)> AnswersByIdempotencyKey { get; } = [];

    /// <summary>Every stored reading, in gateway sequence order.</summary>
    public List<JsonElement> Readings { get; } = [];
}
