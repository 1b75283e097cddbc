using Lakegate.Grains.Delivery;

namespace Lakegate.Sink.Tests;

public sealed class SqlStatementErrorsTests
{
    [Theory]
    [InlineData("BAD_REQUEST", "[DELTA_CONCURRENT_APPEND] Files were added to the root of the table by a concurrent update.")]
    [InlineData("TEMPORARILY_UNAVAILABLE", "The warehouse is starting.")]
    [InlineData("RESOURCE_EXHAUSTED", "Too many concurrent statements.")]
    public void Transient_failures_are_retried_soon(string code, string message)
    {
        var result = SqlStatementErrors.Judge(new SqlStatementStatus("s", "FAILED", code, message), string.Empty);

        Assert.Equal(SinkOutcome.RetryLater, result.Outcome);
        Assert.Null(result.RetryAfter);
        Assert.Contains(code, result.Reason);
    }

    [Theory]
    [InlineData("[CAST_INVALID_INPUT] The value 'x' of the type \"STRING\" cannot be cast to \"BIGINT\".")]
    [InlineData("[DELTA_NOT_NULL_CONSTRAINT_VIOLATED] NOT NULL constraint violated for column: device_id.")]
    [InlineData("[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve ...")]
    [InlineData("[INVALID_PARAMETER_VALUE] row 3: payload must be a JSON object.")]
    public void Failures_naming_bad_values_are_invalid_records(string message)
    {
        var result = SqlStatementErrors.Judge(new SqlStatementStatus("s", "FAILED", "BAD_REQUEST", message), " for records 0..9");

        Assert.Equal(SinkOutcome.InvalidRecords, result.Outcome);
        Assert.Null(result.InvalidIndexes);
        Assert.Contains("records 0..9", result.Reason);
    }

    [Theory]
    [InlineData("NOT_FOUND", "[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`telemetry`.`readings` cannot be found.")]
    [InlineData("PERMISSION_DENIED", "[INSUFFICIENT_PERMISSIONS] User does not have MODIFY on Table.")]
    [InlineData("BAD_REQUEST", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'x'.")]
    [InlineData(null, null)]
    public void Failures_only_an_operator_can_fix_are_retried_after_a_long_delay(string? code, string? message)
    {
        var result = SqlStatementErrors.Judge(new SqlStatementStatus("s", "FAILED", code, message), string.Empty);

        Assert.Equal(SinkOutcome.RetryLater, result.Outcome);
        Assert.Equal(DatabricksHttpSender.PermissionRetryDelay, result.RetryAfter);
    }

    [Fact]
    public void A_statement_answer_is_read_with_a_numeric_or_string_error_code()
    {
        var status = SqlStatementStatus.Parse("{\"statement_id\":\"01ef\",\"status\":{\"state\":\"FAILED\",\"error\":{\"error_code\":\"BAD_REQUEST\",\"message\":\"[X] y\"}}}")!;
        Assert.Equal(("01ef", "FAILED", "BAD_REQUEST", "[X] y"), (status.StatementId, status.State, status.ErrorCode, status.ErrorMessage));
        Assert.True(SqlStatementStatus.Parse("{\"statement_id\":\"a\",\"status\":{\"state\":\"CLOSED\"}}")!.IsSucceeded);
        Assert.True(SqlStatementStatus.Parse("{\"statement_id\":\"a\",\"status\":{\"state\":\"RUNNING\"}}")!.IsInProgress);
        Assert.Equal("403", SqlStatementStatus.Parse("{\"status\":{\"state\":\"FAILED\",\"error\":{\"error_code\":403}}}")!.ErrorCode);
        Assert.Null(SqlStatementStatus.Parse("{\"error_code\":\"X\"}"));
        Assert.Null(SqlStatementStatus.Parse("not json"));
    }
}
