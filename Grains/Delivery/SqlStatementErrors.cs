using System.Text.RegularExpressions;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// Judges a FAILED statement by its <c>error_code</c> and the error condition its message starts with
/// (<c>[CONDITION] detail</c>): transient trouble is retried soon, values the table refuses are reported as
/// invalid records (the batch is narrowed down to them), and anything else (a missing table, missing
/// permissions, a refused statement) is retried after a long delay, since only an operator can fix it.
/// </summary>
public static partial class SqlStatementErrors
{
    private const int MaxMessageChars = 300;

    private static readonly HashSet<string> TransientCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "TEMPORARILY_UNAVAILABLE", "RESOURCE_EXHAUSTED", "REQUEST_LIMIT_EXCEEDED", "DEADLINE_EXCEEDED",
        "INTERNAL_ERROR", "ABORTED", "UNAVAILABLE", "IO_ERROR",
    };

    private static readonly string[] TransientConditionPrefixes = ["DELTA_CONCURRENT", "CONCURRENT_", "TASK_WRITE_FAILED"];

    private static readonly HashSet<string> InvalidInputConditions = new(StringComparer.OrdinalIgnoreCase)
    {
        "INVALID_PARAMETER_VALUE", "CAST_INVALID_INPUT", "CAST_OVERFLOW", "CAST_OVERFLOW_IN_TABLE_INSERT",
        "DELTA_CAST_OVERFLOW_IN_TABLE_WRITE", "NUMERIC_VALUE_OUT_OF_RANGE", "NUMERIC_OUT_OF_SUPPORTED_RANGE",
        "DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "DELTA_VIOLATE_CONSTRAINT_WITH_VALUES", "NOT_NULL_ASSERT_VIOLATION",
        "MALFORMED_RECORD_IN_PARSING", "INVALID_JSON_ROOT_FIELD", "INVALID_VARIANT_FROM_PARQUET",
        "MALFORMED_VARIANT", "VARIANT_SIZE_LIMIT", "VARIANT_CONSTRUCTOR_SIZE_LIMIT",
    };

    private static readonly string[] InvalidInputConditionPrefixes = ["DATATYPE_MISMATCH", "INVALID_JSON", "DELTA_VIOLATE_CONSTRAINT"];

    /// <summary>The condition a Databricks message starts with, e.g. <c>TABLE_OR_VIEW_NOT_FOUND</c>.</summary>
    public static string? Condition(string? message)
    {
        var match = message is null ? Match.Empty : ConditionShape().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static SinkResult Judge(SqlStatementStatus status, string where)
    {
        var condition = Condition(status.ErrorMessage);
        var reason = $"statement failed{where} ({status.ErrorCode ?? "no error_code"}): {Short(status.ErrorMessage)}";
        if (IsTransient(status.ErrorCode, condition))
        {
            return SinkResult.Retry(reason);
        }

        if (condition is not null && IsInvalidInput(condition))
        {
            return new SinkResult(SinkOutcome.InvalidRecords, reason);
        }

        return SinkResult.Retry(reason, DatabricksHttpSender.PermissionRetryDelay);
    }

    public static string Short(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return "no message";
        }

        return message.Length > MaxMessageChars ? message[..MaxMessageChars] + "…" : message;
    }

    private static bool IsTransient(string? code, string? condition) =>
        (code is not null && TransientCodes.Contains(code))
        || (condition is not null && TransientConditionPrefixes.Any(p => condition.StartsWith(p, StringComparison.OrdinalIgnoreCase)));

    private static bool IsInvalidInput(string condition) =>
        InvalidInputConditions.Contains(condition.Split('.')[0])
        || InvalidInputConditionPrefixes.Any(p => condition.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^\s*\[([A-Za-z0-9_.]+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex ConditionShape();
}
