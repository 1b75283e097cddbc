using System.Threading.Channels;
using Lakegate.Grains.Ingest;
using Lakegate.Grains.Journal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lakegate.Silo.Postgres;

/// <summary>
/// Group commit for one kind of journal write (appends or removes): callers from all grains of a silo queue their
/// records; a single writer loop takes everything waiting (up to a row limit), sends it as one statement, and then
/// completes every waiter of that round — or fails every waiter of that round with
/// <see cref="JournalUnavailableException"/>. A waiter is never told "committed" unless its statement committed.
/// </summary>
/// <remarks>
/// A round whose statement fails with a transient error (typically a pooled connection that died with a server
/// restart) is retried once on a fresh connection while its deadline allows. That is safe because both statements
/// are idempotent: appends insert with <c>ON CONFLICT DO NOTHING</c>, removes delete by key. A round reports the
/// requests it did not write because their (device, Idempotency-Key) was already stored; their callers learn it
/// as <see cref="JournalAppendOutcome.AlreadyStored"/>.
/// </remarks>
internal sealed class GroupCommitQueue : IAsyncDisposable
{
    private readonly Channel<PendingJournalWrite> queue =
        Channel.CreateUnbounded<PendingJournalWrite>(new UnboundedChannelOptions { SingleReader = true });

    private readonly string operation;
    private readonly int maxRowsPerRoundTrip;
    private readonly TimeSpan roundTripTimeout;
    private readonly Func<IReadOnlyList<TelemetryRecord>, CancellationToken, Task<IReadOnlySet<(string DeviceId, string IdempotencyKey)>>> sendRound;
    private readonly Action discardIdleConnections;
    private readonly ILogger logger;
    private readonly CancellationTokenSource shutdown = new();
    private readonly Task writerLoop;

    private long requests;
    private long roundTrips;
    private long rows;
    private int maxRowsInRoundTrip;
    private long failedRounds;
    private int disposed;

    /// <param name="operation">What the queue does, for messages ("append", "remove").</param>
    /// <param name="maxRowsPerRoundTrip">Most rows per statement (whole requests only).</param>
    /// <param name="roundTripTimeout">Deadline of one round including its retry.</param>
    /// <param name="sendRound">
    /// Sends one statement carrying all the given records and returns, once it committed, the requests (device id and
    /// Idempotency-Key) whose records it left out because that key was already stored.
    /// </param>
    /// <param name="discardIdleConnections">Called before a retry so the retry does not pick another dead pooled connection.</param>
    /// <param name="logger">Where failures are logged.</param>
    public GroupCommitQueue(
        string operation,
        int maxRowsPerRoundTrip,
        TimeSpan roundTripTimeout,
        Func<IReadOnlyList<TelemetryRecord>, CancellationToken, Task<IReadOnlySet<(string DeviceId, string IdempotencyKey)>>> sendRound,
        Action discardIdleConnections,
        ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerRoundTrip, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(roundTripTimeout, TimeSpan.Zero);
        this.operation = operation;
        this.maxRowsPerRoundTrip = maxRowsPerRoundTrip;
        this.roundTripTimeout = roundTripTimeout;
        this.sendRound = sendRound;
        this.discardIdleConnections = discardIdleConnections;
        this.logger = logger;
        writerLoop = Task.Run(RunWriterLoopAsync);
    }

    public GroupCommitStatistics Statistics => new(
        Interlocked.Read(ref requests),
        Interlocked.Read(ref roundTrips),
        Interlocked.Read(ref rows),
        Volatile.Read(ref maxRowsInRoundTrip),
        Interlocked.Read(ref failedRounds));

    /// <summary>Queues one request's records and completes once the round carrying them committed.</summary>
    /// <remarks>
    /// Cancelling before the round is formed leaves the records out. Cancelling later only stops the wait: the
    /// round may still commit them.
    /// </remarks>
    public Task<JournalAppendOutcome> EnqueueAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingJournalWrite(records, cancellationToken);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new JournalUnavailableException($"The reading journal is shutting down; {operation} refused.");
        }

        Interlocked.Increment(ref requests);
        return pending.Completion.WaitAsync(cancellationToken);
    }

    private async Task RunWriterLoopAsync()
    {
        try
        {
            await WriteRoundsAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Not expected (rounds catch their own failures), but a dead loop must not leave callers waiting forever.
            logger.LogCritical(ex, "The journal {Operation} writer stopped; further calls fail.", operation);
            queue.Writer.TryComplete(ex);
            while (queue.Reader.TryRead(out var waiting))
            {
                waiting.MarkFailed(new JournalUnavailableException($"The reading journal's {operation} writer stopped.", ex));
            }
        }
    }

    private async Task WriteRoundsAsync()
    {
        var reader = queue.Reader;
        var round = new List<PendingJournalWrite>();
        var records = new List<TelemetryRecord>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            round.Clear();
            records.Clear();
            while (reader.TryPeek(out var next))
            {
                if (round.Count > 0 && records.Count + next.Records.Count > maxRowsPerRoundTrip)
                {
                    break;
                }

                reader.TryRead(out _);
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.MarkAbandoned();
                    continue;
                }

                round.Add(next);
                records.AddRange(next.Records);
            }

            if (round.Count > 0)
            {
                await CommitRoundAsync(round, records).ConfigureAwait(false);
            }
        }
    }

    private async Task CommitRoundAsync(List<PendingJournalWrite> round, List<TelemetryRecord> records)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token);
        deadline.CancelAfter(roundTripTimeout);
        for (var attempt = 1; ; attempt++)
        {
            Interlocked.Increment(ref roundTrips);
            IReadOnlySet<(string DeviceId, string IdempotencyKey)> alreadyStored;
            try
            {
                alreadyStored = await sendRound(records, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt == 1 && ex is NpgsqlException { IsTransient: true } && !deadline.IsCancellationRequested)
            {
                logger.LogDebug(ex, "Journal {Operation} of {Rows} rows failed on a pooled connection; retrying once on a fresh one.", operation, records.Count);
                discardIdleConnections();
                continue;
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref failedRounds);
                var reason = deadline.IsCancellationRequested && !shutdown.IsCancellationRequested
                    ? $"timed out after {roundTripTimeout.TotalSeconds:0.#} s"
                    : ex.Message;
                logger.LogWarning(ex, "Journal {Operation} of {Rows} rows from {Waiters} callers failed: {Reason}.", operation, records.Count, round.Count, reason);
                foreach (var waiter in round)
                {
                    waiter.MarkFailed(new JournalUnavailableException($"The reading journal could not {operation} {waiter.Records.Count} records: {reason}", ex));
                }

                return;
            }

            Interlocked.Add(ref rows, records.Count);
            RaiseMaxRows(records.Count);
            foreach (var waiter in round)
            {
                waiter.MarkCommitted(WasAlreadyStored(waiter.Records, alreadyStored) ? JournalAppendOutcome.AlreadyStored : JournalAppendOutcome.Appended);
            }

            return;
        }
    }

    private static bool WasAlreadyStored(IReadOnlyList<TelemetryRecord> records, IReadOnlySet<(string DeviceId, string IdempotencyKey)> alreadyStored) =>
        alreadyStored.Count > 0 && records.Count > 0 && records[0].IdempotencyKey is { } key && alreadyStored.Contains((records[0].DeviceId, key));

    private void RaiseMaxRows(int count)
    {
        var seen = Volatile.Read(ref maxRowsInRoundTrip);
        while (count > seen)
        {
            var previous = Interlocked.CompareExchange(ref maxRowsInRoundTrip, count, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>Stops taking writes, lets queued rounds finish for up to one round-trip timeout, then aborts the rest.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        queue.Writer.TryComplete();
        try
        {
            await writerLoop.WaitAsync(roundTripTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await shutdown.CancelAsync().ConfigureAwait(false);
            await writerLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        shutdown.Dispose();
    }
}
