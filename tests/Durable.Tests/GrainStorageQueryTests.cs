using System.Data;
using Lakegate.Durable.Tests.Infrastructure;
using Npgsql;

namespace Lakegate.Durable.Tests;

/// <summary>
/// The grain-storage queries as the Orleans ADO.NET provider runs them (same parameter names and DbTypes), for
/// the cases a cluster test cannot force: racing first writes, stale versions, NULL versus empty key extensions.
/// </summary>
public sealed class GrainStorageQueryTests
{
    private const string ServiceId = "lakegate-tests";
    private const string StateName = "device";

    [Fact(Timeout = 60_000)]
    public async Task Racing_first_writes_leave_one_row_and_exactly_one_winner()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        var queries = await ReadQueriesAsync(database);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            WriteAsync(database, queries["WriteToStorageKey"], "grain-1", null, version: null, payload: [(byte)i]))));

        Assert.Single(results, r => r == 1);
        Assert.Equal(7, results.Count(r => r is null));
        Assert.Equal(1L, await CountAsync(database));
        var (payload, version) = await ReadAsync(database, queries["ReadFromStorageKey"], "grain-1", null);
        Assert.Equal(1, version);
        Assert.Equal((byte)Array.IndexOf(results, 1), Assert.Single(payload!));
    }

    [Fact(Timeout = 60_000)]
    public async Task Writes_check_the_version_they_read()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        var queries = await ReadQueriesAsync(database);
        var write = queries["WriteToStorageKey"];

        Assert.Equal(1, await WriteAsync(database, write, "grain-1", null, version: null, payload: [1]));
        Assert.Equal(2, await WriteAsync(database, write, "grain-1", null, version: 1, payload: [2]));
        Assert.Null(await WriteAsync(database, write, "grain-1", null, version: 1, payload: [3]));
        Assert.Null(await WriteAsync(database, write, "grain-1", null, version: null, payload: [4]));
        Assert.Null(await WriteAsync(database, write, "grain-unknown", null, version: 5, payload: [5]));

        AssertState([2], 2, await ReadAsync(database, queries["ReadFromStorageKey"], "grain-1", null));
        Assert.Equal(1L, await CountAsync(database));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_null_and_an_empty_key_extension_are_different_grains()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        var queries = await ReadQueriesAsync(database);

        Assert.Equal(1, await WriteAsync(database, queries["WriteToStorageKey"], "grain-1", null, version: null, payload: [1]));
        Assert.Equal(1, await WriteAsync(database, queries["WriteToStorageKey"], "grain-1", "", version: null, payload: [2]));
        Assert.Equal(1, await WriteAsync(database, queries["WriteToStorageKey"], "grain-1", "x", version: null, payload: [3]));

        AssertState([1], 1, await ReadAsync(database, queries["ReadFromStorageKey"], "grain-1", null));
        AssertState([2], 1, await ReadAsync(database, queries["ReadFromStorageKey"], "grain-1", ""));
        Assert.Equal(3L, await CountAsync(database));
    }

    [Fact(Timeout = 60_000)]
    public async Task Clear_keeps_the_row_with_a_new_version_and_delete_removes_it()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        var queries = await ReadQueriesAsync(database);
        Assert.Equal(1, await WriteAsync(database, queries["WriteToStorageKey"], "grain-1", null, version: null, payload: [1]));

        Assert.Null(await ChangeAsync(database, queries["ClearStorageKey"], "grain-1", version: 7));
        Assert.Equal(2, await ChangeAsync(database, queries["ClearStorageKey"], "grain-1", version: 1));
        Assert.Equal((null, 2), await ReadAsync(database, queries["ReadFromStorageKey"], "grain-1", null));
        Assert.Equal(3, await ChangeAsync(database, queries["DeleteStorageKey"], "grain-1", version: 2));

        Assert.Equal(0L, await CountAsync(database));
    }

    private static async Task<Dictionary<string, string>> ReadQueriesAsync(LakegateDatabase database)
    {
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = database.DataSource.CreateCommand("SELECT QueryKey, QueryText FROM OrleansQuery");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            queries[reader.GetString(0)] = reader.GetString(1);
        }

        return queries;
    }

    private static async Task<int?> WriteAsync(LakegateDatabase database, string sql, string key, string? extension, int? version, byte[] payload)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        AddGrainKey(command, key, extension);
        Add(command, "GrainStateVersion", version, DbType.Int32);
        Add(command, "PayloadBinary", payload, DbType.Binary);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetInt32(reader.GetOrdinal("NewGrainStateVersion")) : null;
    }

    private static async Task<int?> ChangeAsync(LakegateDatabase database, string sql, string key, int version)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        AddGrainKey(command, key, null);
        Add(command, "GrainStateVersion", version, DbType.Int32);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Convert.ToInt32(reader.GetValue(0)) : null;
    }

    private static async Task<(byte[]? Payload, int? Version)> ReadAsync(LakegateDatabase database, string sql, string key, string? extension)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        AddGrainKey(command, key, extension);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return (null, null);
        }

        var payload = reader.IsDBNull(reader.GetOrdinal("PayloadBinary")) ? null : (byte[])reader["PayloadBinary"];
        var result = (payload, reader.IsDBNull(reader.GetOrdinal("Version")) ? (int?)null : reader.GetInt32(reader.GetOrdinal("Version")));
        Assert.False(await reader.ReadAsync(), "a grain's state must be one row");
        return result;
    }

    private static void AssertState(byte[] payload, int version, (byte[]? Payload, int? Version) state)
    {
        Assert.Equal(payload, state.Payload);
        Assert.Equal(version, state.Version);
    }

    private static async Task<long> CountAsync(LakegateDatabase database)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM OrleansStorage");
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>The key parameters exactly as the provider binds them (an integer-keyed grain, with an optional key extension).</summary>
    private static void AddGrainKey(NpgsqlCommand command, string key, string? extension)
    {
        var n1 = key.Aggregate(17L, (hash, c) => (hash * 31) + c);
        Add(command, "GrainIdHash", (int)n1, DbType.Int32);
        Add(command, "GrainIdN0", 0L, DbType.Int64);
        Add(command, "GrainIdN1", n1, DbType.Int64);
        Add(command, "GrainTypeHash", StateName.Length, DbType.Int32);
        Add(command, "GrainTypeString", StateName, DbType.String);
        Add(command, "GrainIdExtensionString", extension, DbType.String);
        Add(command, "ServiceId", ServiceId, DbType.String);
    }

    private static void Add(NpgsqlCommand command, string name, object? value, DbType type) =>
        command.Parameters.Add(new NpgsqlParameter { ParameterName = name, DbType = type, Value = value ?? DBNull.Value });
}
