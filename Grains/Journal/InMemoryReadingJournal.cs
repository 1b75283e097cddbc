using Lakegate.Grains.Ingest;

namespace Lakegate.Grains.Journal;

/// <summary>
/// The embedded default's journal: readings live only in the process's buffers, so there is nothing
/// to write. A crash loses what was not yet delivered, and the process says so at start-up.
/// </summary>
public sealed class InMemoryReadingJournal : IReadingJournal
{
    public bool IsDurable => false;

    /// <summary>Nothing to write; a live activation's own window answers repeated Idempotency-Keys.</summary>
    public ValueTask<JournalAppendOutcome> AppendAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(JournalAppendOutcome.Appended);

    public ValueTask RemoveAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public Task<IReadOnlyList<TelemetryRecord>> ReadDeviceAsync(string deviceId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TelemetryRecord>>([]);

    public Task<JournalDeviceCounts?> ReadCountsAsync(string deviceId, CancellationToken cancellationToken = default) =>
        Task.FromResult<JournalDeviceCounts?>(null);

    public Task<IReadOnlyList<string>> ReadDeviceIdsOlderThanAsync(DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task<IReadOnlyList<RememberedRequest>> ReadRememberedRequestsAsync(string deviceId, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RememberedRequest>>([]);

    public Task<RememberedRequest?> ReadRememberedRequestAsync(string deviceId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        Task.FromResult<RememberedRequest?>(null);

    public Task<int> ForgetRequestsBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        Task.FromResult(0);
}
