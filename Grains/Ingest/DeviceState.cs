using Lakegate.Grains.Credentials;

namespace Lakegate.Grains.Ingest;

/// <summary>A device's persisted state: credentials, sequence reservation and coarse counters.</summary>
[GenerateSerializer, Alias("Lakegate.DeviceState")]
public sealed class DeviceState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public bool Enabled { get; set; }
    [Id(2)] public List<StoredKey> Keys { get; set; } = [];
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Every sequence number up to this one has been handed out or skipped.</summary>
    [Id(4)] public long SeqReservedThrough { get; set; }
    [Id(5)] public long Accepted { get; set; }
    [Id(6)] public long Delivered { get; set; }
    [Id(7)] public DateTimeOffset? LastSeenAt { get; set; }
    [Id(8)] public DateTimeOffset? LastDeliveredAt { get; set; }
}
