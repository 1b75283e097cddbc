namespace Lakegate.DatabricksEmulator.Tests;

public sealed class SqlRecordStatementParserTests
{
    private static readonly Dictionary<string, SqlValue> NoParameters = [];

    [Fact]
    public void Literals_escapes_comments_casts_and_quoted_identifiers_are_understood()
    {
        const string sql = """
            -- a comment
            INSERT INTO TABLE `main`.`lake gate`.telemetry (`device_id`, seq, event_time, received_at, payload, extra)
            VALUES ('it\'s', -0, CAST('2025-03-01T10:00:00Z' AS TIMESTAMP), '2025-03-01 10:00:00'::TIMESTAMP_NTZ, "{\"a\": 1}", DECIMAL_VALUE_IGNORED_NOT),
            /* block */ ('con' 'cat', 5L, TO_TIMESTAMP('x'), NULL, TRUE, CAST(1.5 AS DECIMAL(10, 2)));
            """;

        var failure = Assert.Throws<SqlStatementFailure>(() => SqlRecordStatementParser.Parse(sql, NoParameters));
        Assert.Equal("PARSE_SYNTAX_ERROR", failure.Condition);

        var statement = SqlRecordStatementParser.Parse(sql.Replace("DECIMAL_VALUE_IGNORED_NOT", "42", StringComparison.Ordinal), NoParameters);

        Assert.Equal(SqlRecordStatementKind.Insert, statement.Kind);
        Assert.Equal("main.lake gate.telemetry", statement.TableName);
        Assert.Equal(["device_id", "seq", "event_time", "received_at", "payload", "extra"], statement.Columns);
        Assert.Equal(2, statement.Rows.Count);
        Assert.Equal(SqlValue.String("it's"), statement.Rows[0][0]);
        Assert.Equal(SqlValue.Number("-0"), statement.Rows[0][1]);
        Assert.Equal(SqlValue.String("2025-03-01T10:00:00Z"), statement.Rows[0][2]);
        Assert.Equal(SqlValue.String("{\"a\": 1}"), statement.Rows[0][4]);
        Assert.Equal(SqlValue.String("concat"), statement.Rows[1][0]);
        Assert.Equal(SqlValue.Number("5"), statement.Rows[1][1]);
        Assert.Equal(SqlValue.Null, statement.Rows[1][3]);
        Assert.Equal(SqlValue.Boolean(true), statement.Rows[1][4]);
        Assert.Equal(SqlValue.Number("1.5"), statement.Rows[1][5]);
    }

    [Fact]
    public void Insert_without_a_column_list_uses_the_lakegate_column_order()
    {
        var statement = SqlRecordStatementParser.Parse(
            "insert into t values (:d, :s, :e, :r, :p)",
            new Dictionary<string, SqlValue>(StringComparer.OrdinalIgnoreCase)
            {
                ["d"] = SqlValue.String("dev"),
                ["s"] = SqlValue.Number("3"),
                ["e"] = SqlValue.String("2025-03-01T10:00:00Z"),
                ["r"] = SqlValue.String("2025-03-01T10:00:00Z"),
                ["p"] = SqlValue.String("{}"),
            });

        Assert.Equal(["device_id", "seq", "event_time", "received_at", "payload"], statement.Columns);
        var record = Assert.Single(SqlRecordMapper.Map(statement, "stmt-1"));
        Assert.Equal(new EmulatorRecord("dev", 3, new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), "{}", "sql:stmt-1"), record);
    }

    [Fact]
    public void Merge_with_an_alias_and_a_values_source_is_parsed()
    {
        var statement = SqlRecordStatementParser.Parse(
            "MERGE INTO cat.sch.tbl tgt USING (VALUES ('d', 1, 'x', 'y', '{}')) src (device_id, seq, event_time, received_at, payload) "
            + "ON tgt.device_id = src.device_id AND tgt.seq = src.seq WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
            NoParameters);

        Assert.Equal(SqlRecordStatementKind.Merge, statement.Kind);
        Assert.Equal("cat.sch.tbl", statement.TableName);
        Assert.Single(statement.Rows);
    }

    [Theory]
    [InlineData("", "PARSE_EMPTY_STATEMENT")]
    [InlineData("INSERT INTO t VALUES ('unterminated", "PARSE_SYNTAX_ERROR")]
    [InlineData("INSERT INTO t (a) VALUES (1) garbage", "PARSE_SYNTAX_ERROR")]
    [InlineData("INSERT INTO t (a) VALUES (?)", "UNSUPPORTED_FEATURE")]
    [InlineData("INSERT INTO t (a) VALUES (upper('x'))", "UNSUPPORTED_FEATURE")]
    [InlineData("INSERT INTO t VALUES (1, 2)", "INSERT_COLUMN_ARITY_MISMATCH")]
    [InlineData("MERGE INTO t USING other s ON t.a = s.a WHEN NOT MATCHED THEN INSERT *", "UNSUPPORTED_STATEMENT")]
    [InlineData("DELETE FROM t", "UNSUPPORTED_STATEMENT")]
    public void Unsupported_or_malformed_statements_fail_with_a_condition(string sql, string condition)
    {
        var failure = Assert.Throws<SqlStatementFailure>(() => SqlRecordStatementParser.Parse(sql, NoParameters));

        Assert.Equal(condition, failure.Condition);
        Assert.StartsWith($"[{condition}] ", failure.Message);
    }

    [Fact]
    public void Parameter_types_decide_numbers_and_a_missing_value_is_null()
    {
        Assert.Equal(SqlValue.Number("17"), new SqlStatementParameter { Name = "s", Value = "17", Type = "BIGINT" }.ToValue());
        Assert.Equal(SqlValue.Number("1.50"), new SqlStatementParameter { Name = "s", Value = "1.50", Type = "DECIMAL(10,2)" }.ToValue());
        Assert.Equal(SqlValue.String("17"), new SqlStatementParameter { Name = "s", Value = "17" }.ToValue());
        Assert.Equal(SqlValue.Null, new SqlStatementParameter { Name = "s", Type = "STRING" }.ToValue());
    }
}
