using Lakegate.Grains.Ingest;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// Readings Databricks refused as invalid, parked where operators can list and replay them, out of the
/// way of the rest. In durable mode parking moves the journal rows into a table, in one statement.
/// </summary>
public interface IDeadLetterStore
{
    Task ParkAsync(IReadOnlyList<TelemetryRecord> records, string reason, DateTimeOffset parkedAt, CancellationToken cancellationToken = default);

    /// <summary>Parked readings, oldest first, optionally of one device.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(string? deviceId, int limit, CancellationToken cancellationToken = default);

    Task<long> CountAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>Takes a device's parked readings out for replay (durable: back into the journal) and returns them.</summary>
    Task<IReadOnlyList<TelemetryRecord>> TakeAsync(string deviceId, CancellationToken cancellationToken = default);
}
