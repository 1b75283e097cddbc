using Lakegate.Grains.Ingest;
using Lakegate.Grains.Journal;

namespace Lakegate.Silo.Postgres;

/// <summary>One caller's records waiting in a <see cref="GroupCommitQueue"/> for the round that commits them.</summary>
internal sealed class PendingJournalWrite(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<JournalAppendOutcome> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<TelemetryRecord> Records { get; } = records;

    /// <summary>The caller's token: a write whose caller gave up before its round was formed is left out of it.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Task<JournalAppendOutcome> Completion => completion.Task;

    /// <summary>The round committed; <paramref name="outcome"/> says whether it wrote this caller's records.</summary>
    public void MarkCommitted(JournalAppendOutcome outcome) => completion.TrySetResult(outcome);

    public void MarkFailed(Exception error) => completion.TrySetException(error);

    public void MarkAbandoned() => completion.TrySetCanceled(CancellationToken);
}
