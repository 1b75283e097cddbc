using Lakegate.Grains.Ingest;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Journal;

namespace Lakegate.Grains.Delivery;

/// <summary>After a delivery: removes the records from the journal and tells each device grain its count.</summary>
public sealed class GrainDeliveryListener(IGrainFactory grains, IReadingJournal journal, TimeProvider time) : IDeliveryListener
{
    public async Task OnDeliveredAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken)
    {
        await journal.RemoveAsync(records, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var receipts = records
            .GroupBy(r => r.DeviceId, StringComparer.Ordinal)
            .Select(g => grains.GetGrain<IDeviceGrain>(g.Key).ConfirmDelivered(new DeliveryReceipt(g.Count(), g.Max(r => r.Seq), now)));
        await Task.WhenAll(receipts).ConfigureAwait(false);
    }
}
