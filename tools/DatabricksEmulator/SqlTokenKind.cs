namespace Lakegate.DatabricksEmulator;

/// <summary>Kinds of lexical tokens in the SQL subset the emulator understands.</summary>
internal enum SqlTokenKind
{
    /// <summary>A keyword or unquoted identifier.</summary>
    Word,

    /// <summary>A back-quoted identifier; the text is unquoted.</summary>
    QuotedIdentifier,

    /// <summary>A string literal; the text is unescaped.</summary>
    String,

    /// <summary>A numeric literal; the text is without type suffix.</summary>
    Number,

    /// <summary>A named parameter marker <c>:name</c>; the text is the name.</summary>
    Parameter,

    /// <summary>Punctuation or an operator, one character, or <c>::</c>.</summary>
    Symbol,

    /// <summary>The end of the statement text.</summary>
    End,
}
