namespace Lakegate.DatabricksEmulator;

/// <summary>The kinds of value a row of the SQL subset can hold.</summary>
internal enum SqlValueKind
{
    Null,
    String,
    Number,
    Boolean,
}
