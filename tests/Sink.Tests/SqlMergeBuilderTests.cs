using Lakegate.Grains.Delivery;
using Lakegate.Grains.Ingest;

namespace Lakegate.Sink.Tests;

public sealed class SqlMergeBuilderTests
{
    private const string Table = "`main`.`telemetry`.`readings`";

    [Fact]
    public void Values_never_become_statement_text_and_equal_values_share_a_parameter()
    {
        var at = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var records = new[]
        {
            new TelemetryRecord("dev-1", 1, at, at.AddSeconds(1), "{\"x\":\"'); DROP TABLE t; --\"}"),
            new TelemetryRecord("dev-1", 2, at, at.AddSeconds(1), "{\"x\":2}"),
        };

        var statement = Assert.Single(SqlMergeBuilder.Build(records, Table, new SqlStatementOptions())!);

        Assert.DoesNotContain("DROP", statement.Statement);
        Assert.DoesNotContain("dev-1", statement.Statement);
        Assert.StartsWith("MERGE INTO `main`.`telemetry`.`readings` AS t", statement.Statement);
        Assert.Contains("AS s(device_id, seq, event_time, received_at, payload)", statement.Statement);
        Assert.Contains("WHEN NOT MATCHED THEN INSERT", statement.Statement);
        // dev-1, the event time and the receipt time are shared: 10 values, 7 parameters.
        Assert.Equal(7, statement.Parameters.Count);
        Assert.Contains(statement.Parameters, p => p is { Type: "TIMESTAMP", Value: "2026-11-30T10:00:00.000000Z" });
        Assert.Contains(statement.Parameters, p => p is { Type: "BIGINT", Value: "2" });
        Assert.Equal(2, statement.RecordCount);
    }

    [Fact]
    public void A_large_batch_is_split_so_no_statement_passes_the_parameter_or_record_limits()
    {
        var records = Enumerable.Range(0, 1_000)
            .Select(i => new TelemetryRecord($"dev-{i}", i, DateTimeOffset.UnixEpoch.AddSeconds(i), DateTimeOffset.UnixEpoch.AddSeconds(i + 0.5), $"{{\"i\":{i}}}"))
            .ToArray();

        var statements = SqlMergeBuilder.Build(records, Table, new SqlStatementOptions { MaxRecordsPerStatement = 5_000 })!;

        Assert.All(statements, s => Assert.InRange(s.Parameters.Count, 5, 255));
        Assert.Equal(1_000, statements.Sum(s => s.RecordCount));
        Assert.Equal(Enumerable.Range(0, statements.Count).Select(i => statements.Take(i).Sum(s => s.RecordCount)), statements.Select(s => s.FirstRecord));

        var bounded = SqlMergeBuilder.Build(records, Table, new SqlStatementOptions { MaxRecordsPerStatement = 10 })!;
        Assert.Equal(100, bounded.Count);
    }

    [Fact]
    public void A_record_too_big_for_any_statement_makes_the_batch_too_large()
    {
        var big = new TelemetryRecord("dev", 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "{\"x\":\"" + new string('a', 4096) + "\"}");

        Assert.Null(SqlMergeBuilder.Build([big], Table, new SqlStatementOptions { MaxStatementBytes = 2048 }));
    }

    [Theory]
    [InlineData("main.telemetry.readings", "`main`.`telemetry`.`readings`")]
    [InlineData("readings", "`readings`")]
    [InlineData("`my-catalog`.raw.`odd``name`", "`my-catalog`.`raw`.`odd``name`")]
    public void Table_names_are_back_quoted(string configured, string quoted)
    {
        Assert.Equal(quoted, SqlTableName.TryQuote(configured, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("main.telemetry.readings; DROP TABLE x")]
    [InlineData("a.b.c.d")]
    [InlineData("main..readings")]
    [InlineData("`open")]
    public void Anything_but_a_table_name_is_refused(string configured)
    {
        Assert.Null(SqlTableName.TryQuote(configured, out var problem));
        Assert.NotEmpty(problem);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(2, "5s")]
    [InlineData(10, "10s")]
    [InlineData(90, "50s")]
    public void The_wait_timeout_is_moved_into_the_range_the_API_accepts(int seconds, string text)
    {
        Assert.Equal(text, new SqlStatementOptions { WaitTimeout = TimeSpan.FromSeconds(seconds) }.WaitTimeoutText());
    }
}
