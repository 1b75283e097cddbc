using Lakegate.Grains.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Lakegate.Silo.Postgres;

/// <summary>Credential events in PostgreSQL, queryable by operators across the cluster.</summary>
public sealed class PostgresAuditTrail(NpgsqlDataSource dataSource) : IAuditTrail
{
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO lakegate_audit (at, device_id, event, key_id, detail) VALUES (@at, @device_id, @event, @key_id, @detail)");
        command.Parameters.Add(new NpgsqlParameter<DateTime>("at", NpgsqlDbType.TimestampTz) { TypedValue = entry.At.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<string>("device_id", NpgsqlDbType.Text) { TypedValue = entry.DeviceId });
        command.Parameters.Add(new NpgsqlParameter<string>("event", NpgsqlDbType.Text) { TypedValue = entry.Event });
        command.Parameters.Add(new NpgsqlParameter("key_id", NpgsqlDbType.Text) { Value = (object?)entry.KeyId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("detail", NpgsqlDbType.Text) { Value = (object?)entry.Detail ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(string? deviceId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT at, device_id, event, key_id, detail FROM lakegate_audit
            WHERE (@device_id::text IS NULL OR device_id = @device_id)
            ORDER BY id DESC LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("device_id", NpgsqlDbType.Text) { Value = (object?)deviceId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry(
                reader.GetFieldValue<DateTimeOffset>(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return entries;
    }
}
