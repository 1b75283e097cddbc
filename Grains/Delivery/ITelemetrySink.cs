namespace Lakegate.Grains.Delivery;

/// <summary>Writes a batch of records to Databricks. Never throws for a Databricks answer; reports it.</summary>
public interface ITelemetrySink
{
    Task<SinkResult> SendAsync(SinkBatch batch, CancellationToken cancellationToken);
}
