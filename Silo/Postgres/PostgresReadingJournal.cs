using Lakegate.Grains.Ingest;
using Lakegate.Grains.Journal;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Lakegate.Silo.Postgres;

/// <summary>
/// The durable reading journal: the table <c>lakegate_journal</c> in PostgreSQL, written with group commit.
/// </summary>
/// <remarks>
/// <para>
/// Appends from all grains of a silo go into one queue; a writer loop takes everything waiting (up to
/// <see cref="PostgresJournalOptions.MaxRowsPerRoundTrip"/> rows) and inserts it with one statement
/// (<c>INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING</c>), which PostgreSQL commits as one
/// transaction; then every waiter of that round completes. If the statement fails (connection refused, server
/// gone, timeout after <see cref="PostgresJournalOptions.RoundTripTimeout"/>), exactly the waiters of that round
/// get <see cref="JournalUnavailableException"/>. Removes are batched the same way in a second queue.
/// </para>
/// <para>
/// Times are stored as <c>timestamptz</c>: they come back as the same instant with offset zero, at microsecond
/// precision (PostgreSQL's resolution; finer ticks are truncated). Payloads are stored verbatim as text.
/// </para>
/// </remarks>
public sealed class PostgresReadingJournal : IReadingJournal, IAsyncDisposable, IDisposable
{
    // One statement: each request with an Idempotency-Key first claims (device_id, idempotency_key) in
    // lakegate_idempotency; only the rows of requests without a key or with a fresh claim go into the journal.
    // A request whose key was already claimed (by another activation of the device, or by an earlier attempt
    // whose answer was lost) writes nothing and is returned, so its caller can answer as the first time. Claims
    // are inserted in (device_id, idempotency_key) order so that two silos' rounds cannot deadlock on them.
    private const string InsertRound =
        """
        WITH r AS MATERIALIZED
        (
            SELECT * FROM unnest(@device_ids, @seqs, @event_times, @received_ats, @payloads, @idempotency_keys)
                AS u (device_id, seq, event_time, received_at, payload, idempotency_key)
        ),
        requests AS MATERIALIZED
        (
            SELECT device_id, idempotency_key, min(seq) AS first_seq, max(seq) AS last_seq,
                   count(*)::integer AS accepted, max(received_at) AS received_at
            FROM r WHERE idempotency_key IS NOT NULL
            GROUP BY device_id, idempotency_key
        ),
        claimed AS
        (
            INSERT INTO lakegate_idempotency (device_id, idempotency_key, first_seq, last_seq, accepted, received_at)
            SELECT device_id, idempotency_key, first_seq, last_seq, accepted, received_at
            FROM requests ORDER BY device_id, idempotency_key
            ON CONFLICT (device_id, idempotency_key) DO NOTHING
            RETURNING device_id, idempotency_key
        ),
        journaled AS
        (
            INSERT INTO lakegate_journal (device_id, seq, event_time, received_at, payload, idempotency_key, silo)
            SELECT r.device_id, r.seq, r.event_time, r.received_at, r.payload, r.idempotency_key, @silo
            FROM r
            WHERE r.idempotency_key IS NULL
               OR EXISTS (SELECT 1 FROM claimed c WHERE c.device_id = r.device_id AND c.idempotency_key = r.idempotency_key)
            ON CONFLICT (device_id, seq) DO NOTHING
        )
        SELECT q.device_id, q.idempotency_key FROM requests q
        WHERE NOT EXISTS (SELECT 1 FROM claimed c WHERE c.device_id = q.device_id AND c.idempotency_key = q.idempotency_key)
        """;

    // Deletes the delivered rows and counts exactly the rows it deleted, per device, in one statement (one
    // transaction): a record removed again finds no row and is not counted twice. Counter rows are written in
    // device order so that two silos' rounds cannot deadlock on them. A request's Idempotency-Key stays in
    // lakegate_idempotency (claimed when it was appended) until the window has passed.
    private const string DeleteRound =
        """
        WITH deleted AS
        (
            DELETE FROM lakegate_journal AS j
            USING unnest(@device_ids, @seqs) AS d (device_id, seq)
            WHERE j.device_id = d.device_id AND j.seq = d.seq
            RETURNING j.device_id
        )
        INSERT INTO lakegate_device_delivered AS c (device_id, delivered, last_delivered_at)
        SELECT device_id, count(*), now() FROM deleted GROUP BY device_id ORDER BY device_id
        ON CONFLICT (device_id) DO UPDATE
            SET delivered = c.delivered + EXCLUDED.delivered,
                last_delivered_at = EXCLUDED.last_delivered_at
        """;

    // One statement, so delivered and pending come from the same snapshot and add up to what was accepted.
    private const string SelectCounts =
        """
        SELECT
            COALESCE((SELECT delivered FROM lakegate_device_delivered WHERE device_id = @device_id), 0),
            (SELECT count(*) FROM lakegate_journal WHERE device_id = @device_id),
            (SELECT last_delivered_at FROM lakegate_device_delivered WHERE device_id = @device_id)
        """;

    private const string SelectColumns = "SELECT device_id, seq, event_time, received_at, payload, idempotency_key FROM lakegate_journal";

    private const string SelectRemembered =
        """
        SELECT idempotency_key, first_seq, last_seq, accepted, received_at
        FROM lakegate_idempotency WHERE device_id = @device_id AND received_at >= @since
        """;

    private const string SelectRememberedKey =
        """
        SELECT idempotency_key, first_seq, last_seq, accepted, received_at
        FROM lakegate_idempotency WHERE device_id = @device_id AND idempotency_key = @idempotency_key
        """;

    private static readonly IReadOnlySet<(string DeviceId, string IdempotencyKey)> NoneStored = new HashSet<(string, string)>();

    private readonly NpgsqlDataSource dataSource;
    private readonly string? siloName;
    private readonly GroupCommitQueue appends;
    private readonly GroupCommitQueue removes;

    public PostgresReadingJournal(NpgsqlDataSource dataSource, PostgresJournalOptions options, ILogger<PostgresReadingJournal> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        this.dataSource = dataSource;
        siloName = options.SiloName;
        appends = new GroupCommitQueue("append", options.MaxRowsPerRoundTrip, options.RoundTripTimeout, InsertAsync, dataSource.Clear, logger);
        removes = new GroupCommitQueue("remove", options.MaxRowsPerRoundTrip, options.RoundTripTimeout, DeleteAsync, dataSource.Clear, logger);
    }

    public bool IsDurable => true;

    /// <summary>Group-commit counters of appends (rows per round trip = <see cref="GroupCommitStatistics.RowsPerRoundTrip"/>).</summary>
    public GroupCommitStatistics AppendStatistics => appends.Statistics;

    /// <summary>Group-commit counters of removes.</summary>
    public GroupCommitStatistics RemoveStatistics => removes.Statistics;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A record's device id is empty, or its device id or payload holds a NUL character (PostgreSQL text cannot).</exception>
    public ValueTask<JournalAppendOutcome> AppendAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return ValueTask.FromResult(JournalAppendOutcome.Appended);
        }

        // Checked here so that one unstorable record fails its own caller, not the whole round it would join.
        foreach (var record in records)
        {
            if (string.IsNullOrEmpty(record.DeviceId) || record.DeviceId.Contains('\0') || record.Payload.Contains('\0'))
            {
                throw new ArgumentException($"Record {record.Seq} of device '{record.DeviceId}' cannot be journaled: empty device id or a NUL character.", nameof(records));
            }
        }

        return new ValueTask<JournalAppendOutcome>(appends.EnqueueAsync(records, cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>Batched like appends. Each record is counted as delivered by the statement that deletes its row, so once.</remarks>
    public ValueTask RemoveAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Count == 0 ? ValueTask.CompletedTask : new ValueTask(removes.EnqueueAsync(records, cancellationToken));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TelemetryRecord>> ReadDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        return ReadRecordsAsync(
            $"{SelectColumns} WHERE device_id = @device_id ORDER BY seq",
            command => command.Parameters.Add(new NpgsqlParameter<string>("device_id", NpgsqlDbType.Text) { TypedValue = deviceId }),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Never null here: a device the journal has never seen has zero counts.</remarks>
    /// <exception cref="JournalUnavailableException">PostgreSQL could not be reached or did not answer in time.</exception>
    public async Task<JournalDeviceCounts?> ReadCountsAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        try
        {
            await using var command = dataSource.CreateCommand(SelectCounts);
            command.Parameters.Add(new NpgsqlParameter<string>("device_id", NpgsqlDbType.Text) { TypedValue = deviceId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new JournalDeviceCounts(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            throw new JournalUnavailableException($"The reading journal could not be read: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// For the orphan sweep: the oldest undelivered records received before <paramref name="receivedBefore"/>,
    /// oldest first (then by device and sequence), at most <paramref name="limit"/>.
    /// </summary>
    /// <remarks>
    /// A record normally leaves the journal within seconds, once its batch reached Databricks. One that is still
    /// here long after it was received (pass "now minus a few flush intervals") most likely belongs to a device
    /// whose grain died with its silo and was never reactivated. The sweeper wakes those devices' grains (which
    /// re-read their rows with <see cref="ReadDeviceAsync"/>) or delivers the records itself and then calls
    /// <see cref="RemoveAsync"/>. Re-delivering a record that is merely slow is harmless: <c>(device_id, seq)</c>
    /// is the idempotency key end to end. Served by the index on <c>received_at</c>.
    /// </remarks>
    /// <exception cref="JournalUnavailableException">PostgreSQL could not be reached or did not answer in time.</exception>
    public Task<IReadOnlyList<TelemetryRecord>> ReadOlderThanAsync(DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadRecordsAsync(
            $"{SelectColumns} WHERE received_at < @received_before ORDER BY received_at, device_id, seq LIMIT @limit",
            command =>
            {
                command.Parameters.Add(new NpgsqlParameter<DateTime>("received_before", NpgsqlDbType.TimestampTz) { TypedValue = receivedBefore.UtcDateTime });
                command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
            },
            cancellationToken);
    }

    /// <summary>
    /// For the orphan sweep: devices that have undelivered records received before <paramref name="receivedBefore"/>,
    /// the device with the oldest such record first, at most <paramref name="limit"/> devices.
    /// See <see cref="ReadOlderThanAsync"/> for how the sweep uses them.
    /// </summary>
    /// <exception cref="JournalUnavailableException">PostgreSQL could not be reached or did not answer in time.</exception>
    public async Task<IReadOnlyList<string>> ReadDeviceIdsOlderThanAsync(DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        try
        {
            await using var command = dataSource.CreateCommand(
                """
                SELECT device_id FROM lakegate_journal
                WHERE received_at < @received_before
                GROUP BY device_id
                ORDER BY min(received_at), device_id
                LIMIT @limit
                """);
            command.Parameters.Add(new NpgsqlParameter<DateTime>("received_before", NpgsqlDbType.TimestampTz) { TypedValue = receivedBefore.UtcDateTime });
            command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var deviceIds = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                deviceIds.Add(reader.GetString(0));
            }

            return deviceIds;
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            throw new JournalUnavailableException($"The reading journal could not be read: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="JournalUnavailableException">PostgreSQL could not be reached or did not answer in time.</exception>
    public Task<IReadOnlyList<RememberedRequest>> ReadRememberedRequestsAsync(string deviceId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        return ReadRememberedAsync(
            SelectRemembered,
            command => command.Parameters.Add(new NpgsqlParameter<DateTime>("since", NpgsqlDbType.TimestampTz) { TypedValue = since.UtcDateTime }),
            deviceId,
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="JournalUnavailableException">PostgreSQL could not be reached or did not answer in time.</exception>
    public async Task<RememberedRequest?> ReadRememberedRequestAsync(string deviceId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var found = await ReadRememberedAsync(
            SelectRememberedKey,
            command => command.Parameters.Add(new NpgsqlParameter<string>("idempotency_key", NpgsqlDbType.Text) { TypedValue = idempotencyKey }),
            deviceId,
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    private async Task<IReadOnlyList<RememberedRequest>> ReadRememberedAsync(
        string sql, Action<NpgsqlCommand> addParameters, string deviceId, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<string>("device_id", NpgsqlDbType.Text) { TypedValue = deviceId });
            addParameters(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var requests = new List<RememberedRequest>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                requests.Add(new RememberedRequest(
                    reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }

            return requests;
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            throw new JournalUnavailableException($"The reading journal could not be read: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="JournalUnavailableException">PostgreSQL could not be reached or did not answer in time.</exception>
    public async Task<int> ForgetRequestsBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("DELETE FROM lakegate_idempotency WHERE received_at < @before");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("before", NpgsqlDbType.TimestampTz) { TypedValue = before.UtcDateTime });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            throw new JournalUnavailableException($"Remembered requests could not be forgotten: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Stops taking writes and lets queued rounds finish (each queue waits up to one round-trip timeout, then
    /// fails what is left with <see cref="JournalUnavailableException"/>). Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await appends.DisposeAsync().ConfigureAwait(false);
        await removes.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>For hosts that dispose services synchronously; see <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<IReadOnlySet<(string DeviceId, string IdempotencyKey)>> InsertAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken)
    {
        var count = records.Count;
        var deviceIds = new string[count];
        var seqs = new long[count];
        var eventTimes = new DateTime[count];
        var receivedAts = new DateTime[count];
        var payloads = new string[count];
        var idempotencyKeys = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var record = records[i];
            deviceIds[i] = record.DeviceId;
            seqs[i] = record.Seq;
            eventTimes[i] = record.EventTime.UtcDateTime;
            receivedAts[i] = record.ReceivedAt.UtcDateTime;
            payloads[i] = record.Payload;
            idempotencyKeys[i] = record.IdempotencyKey;
        }

        await using var command = dataSource.CreateCommand(InsertRound);
        command.Parameters.Add(new NpgsqlParameter<string[]>("device_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = deviceIds });
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = seqs });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("event_times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = eventTimes });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("received_ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = receivedAts });
        command.Parameters.Add(new NpgsqlParameter<string[]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = payloads });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("idempotency_keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = idempotencyKeys });
        command.Parameters.Add(new NpgsqlParameter("silo", NpgsqlDbType.Text) { Value = (object?)siloName ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        HashSet<(string, string)>? alreadyStored = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            (alreadyStored ??= []).Add((reader.GetString(0), reader.GetString(1)));
        }

        return alreadyStored ?? NoneStored;
    }

    private async Task<IReadOnlySet<(string DeviceId, string IdempotencyKey)>> DeleteAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken)
    {
        var count = records.Count;
        var deviceIds = new string[count];
        var seqs = new long[count];
        for (var i = 0; i < count; i++)
        {
            deviceIds[i] = records[i].DeviceId;
            seqs[i] = records[i].Seq;
        }

        await using var command = dataSource.CreateCommand(DeleteRound);
        command.Parameters.Add(new NpgsqlParameter<string[]>("device_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = deviceIds });
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = seqs });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return NoneStored;
    }

    private async Task<IReadOnlyList<TelemetryRecord>> ReadRecordsAsync(
        string sql, Action<NpgsqlCommand> addParameters, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(sql);
            addParameters(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var records = new List<TelemetryRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(new TelemetryRecord(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    reader.GetFieldValue<DateTimeOffset>(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5)));
            }

            return records;
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            throw new JournalUnavailableException($"The reading journal could not be read: {ex.Message}", ex);
        }
    }

    private static bool IsStorageFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is NpgsqlException or TimeoutException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
