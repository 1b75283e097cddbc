using Lakegate.Grains.Ingest;

namespace Lakegate.Grains.Delivery;

/// <summary>One request's worth of records. The batch id stays the same across retries of the request.</summary>
public sealed class SinkBatch(string batchId, IReadOnlyList<TelemetryRecord> records)
{
    public string BatchId { get; } = batchId;
    public IReadOnlyList<TelemetryRecord> Records { get; } = records;

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }

    public long ApproximateBytes
    {
        get
        {
            long total = 0;
            foreach (var record in Records)
            {
                total += record.ApproximateBytes;
            }

            return total;
        }
    }
}
