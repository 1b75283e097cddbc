using Lakegate.Grains.Delivery;
using Lakegate.Grains.Ingest;

namespace Lakegate.Sink.Tests;

/// <summary>The SQL Statement Execution sink against the emulated warehouse over real HTTP.</summary>
public sealed class SqlStatementSinkTests : IAsyncLifetime
{
    private SqlSinkHarness _harness = null!;

    private Lakegate.DatabricksEmulator.DatabricksEmulatorServer Emulator => _harness.Emulator;

    public async Task InitializeAsync() => _harness = await SqlSinkHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void Databricks_Sink_sql_selects_the_SQL_sink()
    {
        Assert.IsType<SqlStatementSink>(_harness.Sink);
    }

    [Fact]
    public async Task Delivered_records_land_exactly_once_even_when_the_same_batch_is_sent_again()
    {
        var batch = SqlSinkHarness.Batch("sql-once", 7);

        var first = await _harness.Sink.SendAsync(batch, CancellationToken.None);
        var again = await _harness.Sink.SendAsync(batch, CancellationToken.None);

        Assert.Equal(SinkOutcome.Delivered, first.Outcome);
        Assert.Equal(SinkOutcome.Delivered, again.Outcome);
        var stored = Emulator.State.GetRecords("sql-once");
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), stored.Select(r => r.Seq));
        Assert.Equal(7, Emulator.State.DuplicateCount);
        Assert.Equal(2, Emulator.State.SqlStatementCount);
        Assert.Equal("{\"i\":3}", stored[2].PayloadJson);
        Assert.Equal(batch.Records[2].EventTime.ToUnixTimeMilliseconds(), stored[2].EventTime.ToUnixTimeMilliseconds());
        Assert.Equal(batch.Records[2].ReceivedAt.ToUnixTimeMilliseconds(), stored[2].ReceivedAt.ToUnixTimeMilliseconds());
        Assert.Equal(1, Emulator.State.TokenGrantCount);
    }

    [Fact]
    public async Task A_record_repeated_within_a_batch_is_written_once()
    {
        var record = SqlSinkHarness.Reading("sql-repeat", 1, "{\"a\":1}");
        var result = await _harness.Sink.SendAsync(new SinkBatch("b-repeat", [record, record, SqlSinkHarness.Reading("sql-repeat", 2, "{}")]), CancellationToken.None);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        Assert.Equal(2, Emulator.State.GetRecords("sql-repeat").Count);
        Assert.Equal(0, Emulator.State.DuplicateCount);
    }

    [Fact]
    public async Task Pending_statements_are_polled_until_they_succeed()
    {
        Emulator.Faults.SqlPendingPolls = 3;
        var batch = SqlSinkHarness.Batch("sql-pending", 4);

        var result = await _harness.Sink.SendAsync(batch, CancellationToken.None);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        Assert.Equal(4, Emulator.State.GetRecords("sql-pending").Count);
    }

    [Fact]
    public async Task A_hostile_payload_is_passed_as_a_parameter_and_stored_verbatim()
    {
        const string hostile = "{\"note\":\"'); DROP TABLE main.telemetry.readings; --\",\"q\":\"\\\"double\\\" 'single' `tick` \\\\ :p0 ?\","
            + "\"u\":\"żółw 🐢 漢字 \\u0000 \\n\",\"sql\":\"' OR 1=1 --\"}";
        const string hostileDevice = "dev'); DROP TABLE x; --";
        Assert.Equal(SinkOutcome.Delivered, (await _harness.Sink.SendAsync(SqlSinkHarness.Batch("sql-neighbour", 2), CancellationToken.None)).Outcome);

        var result = await _harness.Sink.SendAsync(
            new SinkBatch("b-hostile", [SqlSinkHarness.Reading(hostileDevice, 1, hostile), SqlSinkHarness.Reading("sql-hostile", 1, hostile)]),
            CancellationToken.None);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        Assert.Equal(hostile, Assert.Single(Emulator.State.GetRecords("sql-hostile")).PayloadJson);
        Assert.Equal(hostile, Assert.Single(Emulator.State.GetRecords(hostileDevice)).PayloadJson);
        Assert.Equal(2, Emulator.State.GetRecords("sql-neighbour").Count);
        Assert.Equal(SinkOutcome.Delivered, (await _harness.Sink.SendAsync(SqlSinkHarness.Batch("sql-after", 1), CancellationToken.None)).Outcome);
        Assert.Single(Emulator.State.GetRecords("sql-after"));
    }

    [Fact]
    public async Task A_revoked_token_is_refreshed_once_and_the_batch_delivered()
    {
        Assert.Equal(SinkOutcome.Delivered, (await _harness.Sink.SendAsync(SqlSinkHarness.Batch("sql-revoke-1", 1), CancellationToken.None)).Outcome);
        Emulator.State.RevokeAllTokens();

        var result = await _harness.Sink.SendAsync(SqlSinkHarness.Batch("sql-revoke-2", 3), CancellationToken.None);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        Assert.Equal(2, Emulator.State.TokenGrantCount);
        Assert.Equal(3, Emulator.State.GetRecords("sql-revoke-2").Count);
    }

    [Fact]
    public async Task A_FAILED_statement_naming_bad_values_is_reported_as_invalid_records_and_stores_nothing()
    {
        var good = SqlSinkHarness.Reading("sql-invalid", 1, "{\"ok\":true}");
        var bad = SqlSinkHarness.Reading("sql-invalid", 2, "[1,2,3]");

        var result = await _harness.Sink.SendAsync(new SinkBatch("b-invalid", [good, bad]), CancellationToken.None);

        Assert.Equal(SinkOutcome.InvalidRecords, result.Outcome);
        Assert.Contains("INVALID_PARAMETER_VALUE", result.Reason);
        Assert.Contains("BAD_REQUEST", result.Reason);
        Assert.Empty(Emulator.State.GetRecords("sql-invalid"));
    }

    [Fact]
    public async Task A_statement_pending_past_the_max_poll_time_is_canceled_and_the_batch_delivered_on_retry()
    {
        await using var harness = await SqlSinkHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Databricks:Sql:MaxPollTime"] = "00:00:00.300",
        });
        harness.Emulator.Faults.SqlPendingPolls = 1_000_000;
        var batch = SqlSinkHarness.Batch("sql-stuck", 2);

        var result = await harness.Sink.SendAsync(batch, CancellationToken.None);

        Assert.Equal(SinkOutcome.RetryLater, result.Outcome);
        Assert.Contains("PENDING", result.Reason);
        harness.Emulator.Faults.SqlPendingPolls = 0;
        Assert.Equal(SinkOutcome.Delivered, (await harness.Sink.SendAsync(batch, CancellationToken.None)).Outcome);
        Assert.Equal(2, harness.Emulator.State.GetRecords("sql-stuck").Count);
        Assert.Equal(0, harness.Emulator.State.DuplicateCount);
    }

    [Fact]
    public async Task A_batch_beyond_one_statement_is_written_with_several_within_the_parameter_limit()
    {
        await using var harness = await SqlSinkHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Databricks:Sql:MaxRecordsPerStatement"] = "1000",
        });
        var devices = Enumerable.Range(0, 40).Select(i => $"sql-many-{i}").ToArray();
        var records = devices.SelectMany((d, i) => Enumerable.Range(1, 10)
            .Select(s => new TelemetryRecord(d, s, DateTimeOffset.UnixEpoch.AddSeconds(i * 100 + s), DateTimeOffset.UnixEpoch.AddSeconds(i * 100 + s + 1), $"{{\"v\":{i * 10 + s}}}")))
            .ToArray();

        var result = await harness.Sink.SendAsync(new SinkBatch("b-many", records), CancellationToken.None);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        Assert.Equal(400, devices.Sum(d => harness.Emulator.State.GetRecords(d).Count));
        // 2,000 values in statements of at most 255 parameters; shared values make room for more rows each.
        Assert.InRange(harness.Emulator.State.SqlStatementCount, 2, 400);
    }

    [Fact]
    public async Task A_retry_after_a_partly_written_batch_writes_only_what_was_missing()
    {
        await using var harness = await SqlSinkHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Databricks:Sql:MaxRecordsPerStatement"] = "2",
        });
        var batch = SqlSinkHarness.Batch("sql-partial", 6);
        Assert.Equal(SinkOutcome.Delivered, (await harness.Sink.SendAsync(new SinkBatch("b-first", batch.Records.Take(3).ToArray()), CancellationToken.None)).Outcome);

        var result = await harness.Sink.SendAsync(batch, CancellationToken.None);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        Assert.Equal(6, harness.Emulator.State.GetRecords("sql-partial").Count);
        Assert.Equal(3, harness.Emulator.State.DuplicateCount);
    }

    [Fact]
    public async Task Missing_settings_are_reported_for_a_later_retry_without_calling_Databricks()
    {
        await using var harness = await SqlSinkHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Databricks:Sql:Table"] = "main.telemetry.readings; DROP TABLE x",
        });

        var result = await harness.Sink.SendAsync(SqlSinkHarness.Batch("sql-misconfigured", 1), CancellationToken.None);

        Assert.Equal(SinkOutcome.RetryLater, result.Outcome);
        Assert.Equal(DatabricksHttpSender.PermissionRetryDelay, result.RetryAfter);
        Assert.Equal(0, harness.Emulator.State.SqlStatementCount);
    }
}
