using Lakegate.Grains.Ingest;

namespace Lakegate.Grains.Journal;

/// <summary>
/// Where accepted readings are made durable before they are acknowledged, and removed once delivered.
/// </summary>
public interface IReadingJournal
{
    /// <summary>True when an acknowledged reading survives a crash of this process.</summary>
    bool IsDurable { get; }

    /// <summary>
    /// Completes once the records (one request's, all with the same Idempotency-Key or none) are committed, or
    /// with <see cref="JournalAppendOutcome.AlreadyStored"/> when a durable journal already holds a request of the
    /// device under that key: then nothing is written. Throws <see cref="JournalUnavailableException"/> when
    /// storage is down.
    /// </summary>
    ValueTask<JournalAppendOutcome> AppendAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Removes delivered records (and, when durable, counts them as delivered: once, however often they are removed).</summary>
    ValueTask RemoveAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken = default);

    /// <summary>A device's undelivered records, in sequence order (for re-buffering after a crash).</summary>
    Task<IReadOnlyList<TelemetryRecord>> ReadDeviceAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>The device's delivered and pending counts, or null when this journal does not keep them.</summary>
    Task<JournalDeviceCounts?> ReadCountsAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>Devices with undelivered records received before <paramref name="receivedBefore"/> (for the orphan sweep).</summary>
    Task<IReadOnlyList<string>> ReadDeviceIdsOlderThanAsync(DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken = default);

    /// <summary>The device's requests with an Idempotency-Key received since <paramref name="since"/> (durable journals only).</summary>
    Task<IReadOnlyList<RememberedRequest>> ReadRememberedRequestsAsync(string deviceId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>The device's request with this Idempotency-Key as first stored, or null (durable journals only).</summary>
    Task<RememberedRequest?> ReadRememberedRequestAsync(string deviceId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Forgets remembered requests received before <paramref name="before"/>; returns how many.</summary>
    Task<int> ForgetRequestsBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
