namespace Lakegate.DatabricksEmulator;

/// <summary>One value of a row: a literal or a bound parameter, kept as text (null for SQL NULL).</summary>
internal readonly record struct SqlValue(SqlValueKind Kind, string? Text)
{
    public static readonly SqlValue Null = new(SqlValueKind.Null, null);

    public static SqlValue String(string text) => new(SqlValueKind.String, text);

    public static SqlValue Number(string text) => new(SqlValueKind.Number, text);

    public static SqlValue Boolean(bool value) => new(SqlValueKind.Boolean, value ? "true" : "false");
}
