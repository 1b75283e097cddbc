using Lakegate.Grains.Delivery;
using Lakegate.Grains.Ingest;
using Npgsql;
using NpgsqlTypes;

namespace Lakegate.Silo.Postgres;

/// <summary>Dead letters in PostgreSQL: parking and replay move rows between the journal and this table atomically.</summary>
public sealed class PostgresDeadLetterStore(NpgsqlDataSource dataSource) : IDeadLetterStore
{
    private const string Park = """
        WITH moved AS
        (
            DELETE FROM lakegate_journal AS j
            USING unnest(@device_ids, @seqs) AS d (device_id, seq)
            WHERE j.device_id = d.device_id AND j.seq = d.seq
            RETURNING j.device_id, j.seq, j.event_time, j.received_at, j.payload, j.idempotency_key
        )
        INSERT INTO lakegate_dead_letters (device_id, seq, event_time, received_at, payload, idempotency_key, reason, parked_at)
        SELECT device_id, seq, event_time, received_at, payload, idempotency_key, @reason, @parked_at FROM moved
        ON CONFLICT (device_id, seq) DO NOTHING
        """;

    private const string Take = """
        WITH back AS
        (
            DELETE FROM lakegate_dead_letters WHERE device_id = @device_id
            RETURNING device_id, seq, event_time, received_at, payload, idempotency_key
        )
        INSERT INTO lakegate_journal (device_id, seq, event_time, received_at, payload, idempotency_key)
        SELECT device_id, seq, event_time, received_at, payload, idempotency_key FROM back
        ON CONFLICT (device_id, seq) DO NOTHING
        RETURNING device_id, seq, event_time, received_at, payload, idempotency_key
        """;

    public async Task ParkAsync(IReadOnlyList<TelemetryRecord> records, string reason, DateTimeOffset parkedAt, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Park);
        command.Parameters.Add(new NpgsqlParameter<string[]>("device_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = records.Select(r => r.DeviceId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = records.Select(r => r.Seq).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string>("reason", NpgsqlDbType.Text) { TypedValue = reason.Length > 2000 ? reason[..2000] : reason });
        command.Parameters.Add(new NpgsqlParameter<DateTime>("parked_at", NpgsqlDbType.TimestampTz) { TypedValue = parkedAt.UtcDateTime });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? deviceId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT device_id, seq, event_time, received_at, payload, idempotency_key, reason, parked_at FROM lakegate_dead_letters
            WHERE (@device_id::text IS NULL OR device_id = @device_id)
            ORDER BY parked_at, device_id, seq LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("device_id", NpgsqlDbType.Text) { Value = (object?)deviceId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            letters.Add(new DeadLetter(ReadRecord(reader), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return letters;
    }

    public async Task<long> CountAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM lakegate_dead_letters WHERE device_id = @device_id");
        command.Parameters.Add(new NpgsqlParameter<string>("device_id", NpgsqlDbType.Text) { TypedValue = deviceId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<TelemetryRecord>> TakeAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Take);
        command.Parameters.Add(new NpgsqlParameter<string>("device_id", NpgsqlDbType.Text) { TypedValue = deviceId });
        var records = new List<TelemetryRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(ReadRecord(reader));
        }

        return records.OrderBy(r => r.Seq).ToArray();
    }

    private static TelemetryRecord ReadRecord(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetFieldValue<DateTimeOffset>(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5));
}
