using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lakegate.Silo.Postgres;

/// <summary>
/// Applies Lakegate's embedded PostgreSQL schema (<see cref="SchemaScript.All"/>): the Orleans query catalog,
/// membership and grain-state tables, and the reading journal.
/// </summary>
/// <remarks>
/// <para>
/// Safe to run on every start and from several silos at once. A first check without any lock compares the
/// SHA-256 of every embedded script with <c>lakegate_schema_script</c>; when all match, nothing is written.
/// Otherwise the installer opens one transaction, takes <c>pg_advisory_xact_lock(<see cref="AdvisoryLockKey"/>)</c>
/// (advisory locks are per database, so it serialises installers of this database only), checks again (another
/// silo may have finished meanwhile), applies the new or changed scripts in name order, records their hashes and
/// commits. A failure rolls everything back, so a database never holds half a schema.
/// </para>
/// <para>Each script is idempotent by itself (<c>IF NOT EXISTS</c>, upserts), so re-applying one is harmless.</para>
/// </remarks>
public sealed class PostgresSchemaInstaller(NpgsqlDataSource dataSource, ILogger<PostgresSchemaInstaller> logger)
{
    /// <summary>The advisory lock that serialises schema installation: "Lakegate" in ASCII.</summary>
    public const long AdvisoryLockKey = 0x4C616B6567617465;

    /// <summary>How long one statement (including the wait for another silo's installation) may take.</summary>
    private const int CommandTimeoutSeconds = 120;

    /// <summary>Brings the database's schema up to date; see the type's remarks.</summary>
    public async Task<SchemaInstallResult> InstallAsync(CancellationToken cancellationToken = default)
    {
        var scripts = SchemaScript.All;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        var applied = await ReadAppliedHashesAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (scripts.All(s => IsCurrent(s, applied)))
        {
            logger.LogInformation("PostgreSQL schema is up to date ({ScriptCount} scripts); nothing applied.", scripts.Count);
            return new SchemaInstallResult([], scripts.Select(s => s.Name).ToList());
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.CommandTimeout = CommandTimeoutSeconds;
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        applied = await ReadAppliedHashesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var appliedNow = new List<string>();
        var current = new List<string>();
        foreach (var script in scripts)
        {
            if (IsCurrent(script, applied))
            {
                current.Add(script.Name);
                continue;
            }

            logger.LogInformation(
                "Applying PostgreSQL schema script {Script} (sha256 {Sha256}, previously {PreviousSha256}).",
                script.Name, script.Sha256, applied.GetValueOrDefault(script.Name) ?? "not applied");

            await using (var scriptCommand = new NpgsqlCommand(script.Text, connection, transaction))
            {
                scriptCommand.CommandTimeout = CommandTimeoutSeconds;
                await scriptCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = new NpgsqlCommand(
                """
                INSERT INTO lakegate_schema_script (script_name, sha256, applied_at)
                VALUES (@name, @sha256, now())
                ON CONFLICT (script_name) DO UPDATE SET sha256 = EXCLUDED.sha256, applied_at = EXCLUDED.applied_at
                """, connection, transaction))
            {
                record.Parameters.AddWithValue("name", script.Name);
                record.Parameters.AddWithValue("sha256", script.Sha256);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            appliedNow.Add(script.Name);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        if (appliedNow.Count == 0)
        {
            logger.LogInformation("PostgreSQL schema was brought up to date by another process meanwhile; nothing applied.");
        }
        else
        {
            logger.LogInformation(
                "PostgreSQL schema updated: applied {Applied}; already current: {Current}.",
                string.Join(", ", appliedNow), current.Count == 0 ? "none" : string.Join(", ", current));
        }

        return new SchemaInstallResult(appliedNow, current);
    }

    private static bool IsCurrent(SchemaScript script, IReadOnlyDictionary<string, string> applied) =>
        applied.TryGetValue(script.Name, out var hash) && string.Equals(hash, script.Sha256, StringComparison.Ordinal);

    private static async Task<IReadOnlyDictionary<string, string>> ReadAppliedHashesAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        // Asked of pg_tables, not with to_regclass(): to_regclass reads the session's catalog cache, which does not
        // yet see a table another installer committed while this one waited for the advisory lock.
        await using (var exists = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'lakegate_schema_script')",
            connection, transaction))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return hashes;
            }
        }

        await using var select = new NpgsqlCommand("SELECT script_name, sha256 FROM lakegate_schema_script", connection, transaction);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hashes[reader.GetString(0)] = reader.GetString(1);
        }

        return hashes;
    }
}
