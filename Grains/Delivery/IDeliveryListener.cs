using Lakegate.Grains.Ingest;

namespace Lakegate.Grains.Delivery;

/// <summary>Told about records once the sink has them (to advance counters and clear the journal).</summary>
public interface IDeliveryListener
{
    Task OnDeliveredAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken);
}
