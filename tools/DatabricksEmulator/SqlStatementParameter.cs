namespace Lakegate.DatabricksEmulator;

/// <summary>
/// One named parameter of a Statement Execution request: <c>{"name", "value", "type"}</c>. A missing
/// <c>value</c> is SQL NULL; <c>type</c> (default STRING) only decides whether the value is a number.
/// </summary>
internal sealed record SqlStatementParameter
{
    public string? Name { get; init; }

    public string? Value { get; init; }

    public string? Type { get; init; }

    public SqlValue ToValue()
    {
        if (Value is null)
        {
            return SqlValue.Null;
        }

        var typeName = (Type ?? "STRING").Trim().ToUpperInvariant();
        var parenthesis = typeName.IndexOf('(', StringComparison.Ordinal);
        if (parenthesis >= 0)
        {
            typeName = typeName[..parenthesis].TrimEnd();
        }

        return typeName switch
        {
            "TINYINT" or "SMALLINT" or "INT" or "INTEGER" or "BIGINT" or "LONG" or "SHORT" or "BYTE"
                or "DECIMAL" or "DEC" or "NUMERIC" or "FLOAT" or "DOUBLE" or "REAL" => SqlValue.Number(Value),
            "BOOLEAN" => SqlValue.Boolean(string.Equals(Value, "true", StringComparison.OrdinalIgnoreCase)),
            _ => SqlValue.String(Value),
        };
    }
}
