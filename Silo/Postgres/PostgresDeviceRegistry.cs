using Lakegate.Grains.Registry;
using Npgsql;
using NpgsqlTypes;

namespace Lakegate.Silo.Postgres;

/// <summary>The device registry in PostgreSQL, shared by every silo and Api process of a cluster.</summary>
public sealed class PostgresDeviceRegistry(NpgsqlDataSource dataSource) : IDeviceRegistry
{
    private const string Upsert = """
        INSERT INTO lakegate_device_registry (device_id, enabled, created_at, active_keys, next_key_expiry, last_seen_at, updated_at)
        VALUES (@device_id, @enabled, @created_at, @active_keys, @next_key_expiry, @last_seen_at, now())
        ON CONFLICT (device_id) DO UPDATE SET
            enabled = excluded.enabled,
            active_keys = excluded.active_keys,
            next_key_expiry = excluded.next_key_expiry,
            last_seen_at = GREATEST(lakegate_device_registry.last_seen_at, excluded.last_seen_at),
            updated_at = now()
        """;

    private const string Select = """
        SELECT device_id, enabled, created_at, active_keys, next_key_expiry, last_seen_at
        FROM lakegate_device_registry
        WHERE (@after::text IS NULL OR device_id > @after)
          AND (@enabled::boolean IS NULL OR enabled = @enabled)
          AND (@expires_before::timestamptz IS NULL OR next_key_expiry <= @expires_before)
          AND (@silent_since::timestamptz IS NULL OR last_seen_at IS NULL OR last_seen_at <= @silent_since)
        ORDER BY device_id COLLATE "C"
        LIMIT @limit
        """;

    public async Task UpsertAsync(DeviceRegistryEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Upsert);
        command.Parameters.Add(new NpgsqlParameter<string>("device_id", NpgsqlDbType.Text) { TypedValue = entry.DeviceId });
        command.Parameters.Add(new NpgsqlParameter<bool>("enabled", NpgsqlDbType.Boolean) { TypedValue = entry.Enabled });
        command.Parameters.Add(new NpgsqlParameter<DateTime>("created_at", NpgsqlDbType.TimestampTz) { TypedValue = entry.CreatedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<int>("active_keys", NpgsqlDbType.Integer) { TypedValue = entry.ActiveKeys });
        command.Parameters.Add(Timestamp("next_key_expiry", entry.NextKeyExpiry));
        command.Parameters.Add(Timestamp("last_seen_at", entry.LastSeenAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeviceQueryPage> QueryAsync(DeviceQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Select);
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Text) { Value = (object?)query.After ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("enabled", NpgsqlDbType.Boolean) { Value = (object?)query.Enabled ?? DBNull.Value });
        command.Parameters.Add(Timestamp("expires_before", query.KeyExpiresWithinDays is { } days ? query.Now.AddDays(days) : null));
        command.Parameters.Add(Timestamp("silent_since", query.SilentForMinutes is { } minutes ? query.Now.AddMinutes(-minutes) : null));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = query.Limit + 1 });
        var items = new List<DeviceRegistryEntry>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new DeviceRegistryEntry(
                    reader.GetString(0),
                    reader.GetBoolean(1),
                    reader.GetFieldValue<DateTimeOffset>(2),
                    reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        var more = items.Count > query.Limit;
        if (more)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new DeviceQueryPage(items, more ? items[^1].DeviceId : null);
    }

    private static NpgsqlParameter Timestamp(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.UtcDateTime : DBNull.Value };
}
