namespace Lakegate.DatabricksEmulator;

/// <summary>One lexical token of a SQL statement and where it starts in the text.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Position)
{
    public bool IsWord(string word) => Kind == SqlTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    public override string ToString() => Kind == SqlTokenKind.End ? "end of input" : $"'{Text}'";
}
