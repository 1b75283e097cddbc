namespace Lakegate.Chaos.Tests;

/// <summary>
/// One <c>202</c> a device got: the readings of one request (identified by its Idempotency-Key), the
/// sequence numbers the gateway gave them, and the marker each reading's payload carries.
/// </summary>
public sealed record Acknowledgement(string DeviceId, string IdempotencyKey, long FirstSeq, long LastSeq, IReadOnlyList<string> Markers)
{
    public int Count => Markers.Count;
}
