namespace Lakegate.Grains.Journal;

/// <summary>A device's reading counts as the durable journal knows them: exact across crashes and re-deliveries.</summary>
public sealed record JournalDeviceCounts(long Delivered, long Pending, DateTimeOffset? LastDeliveredAt)
{
    public long Accepted => Delivered + Pending;
}
