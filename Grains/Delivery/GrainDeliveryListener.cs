using Lakegate.Grains.Ingest;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Journal;
using Microsoft.Extensions.Logging;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// After a delivery: removes the records from the journal (retrying until storage takes it, so
/// delivered rows never linger to be sent again) and tells each device grain its count.
/// </summary>
public sealed class GrainDeliveryListener(IGrainFactory grains, IReadingJournal journal, TimeProvider time, ILogger<GrainDeliveryListener> logger) : IDeliveryListener
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    public async Task OnDeliveredAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken)
    {
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                await journal.RemoveAsync(records, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (JournalUnavailableException ex)
            {
                logger.LogWarning("Removing {Count} delivered readings from the journal failed, retrying in {Delay}: {Error}", records.Count, delay, ex.Message);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 > MaxRetry ? MaxRetry : delay * 2;
            }
        }

        var now = time.GetUtcNow();
        var receipts = records
            .GroupBy(r => r.DeviceId, StringComparer.Ordinal)
            .Select(g => grains.GetGrain<IDeviceGrain>(g.Key).ConfirmDelivered(new DeliveryReceipt(g.Count(), g.Max(r => r.Seq), now)));
        await Task.WhenAll(receipts).ConfigureAwait(false);
    }
}
