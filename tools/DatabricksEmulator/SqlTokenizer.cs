using System.Text;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Splits SQL text into tokens: words, `quoted` identifiers, '...' and "..." strings with backslash escapes,
/// numbers (an optional L/S/Y/D/BD suffix is dropped), <c>:name</c> parameter markers and symbols.
/// <c>--</c> and <c>/* */</c> comments are skipped.
/// </summary>
internal static class SqlTokenizer
{
    public static IReadOnlyList<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var position = 0;
        while (true)
        {
            position = SkipSpaceAndComments(sql, position);
            if (position >= sql.Length)
            {
                tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, position));
                return tokens;
            }

            var start = position;
            var current = sql[position];
            if (char.IsAsciiLetter(current) || current == '_')
            {
                position = ScanWhile(sql, position, IsWordCharacter);
                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..position], start));
            }
            else if (char.IsAsciiDigit(current) || (current == '.' && position + 1 < sql.Length && char.IsAsciiDigit(sql[position + 1])))
            {
                tokens.Add(ScanNumber(sql, ref position));
            }
            else if (current is '\'' or '"')
            {
                tokens.Add(new SqlToken(SqlTokenKind.String, ScanString(sql, ref position), start));
            }
            else if (current == '`')
            {
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, ScanQuotedIdentifier(sql, ref position), start));
            }
            else if (current == ':' && position + 1 < sql.Length && sql[position + 1] == ':')
            {
                position += 2;
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, "::", start));
            }
            else if (current == ':' && position + 1 < sql.Length && (char.IsAsciiLetter(sql[position + 1]) || sql[position + 1] == '_'))
            {
                position = ScanWhile(sql, position + 1, IsWordCharacter);
                tokens.Add(new SqlToken(SqlTokenKind.Parameter, sql[(start + 1)..position], start));
            }
            else
            {
                position++;
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, current.ToString(), start));
            }
        }
    }

    private static bool IsWordCharacter(char character) => char.IsAsciiLetterOrDigit(character) || character == '_';

    private static int ScanWhile(string sql, int position, Func<char, bool> predicate)
    {
        while (position < sql.Length && predicate(sql[position]))
        {
            position++;
        }

        return position;
    }

    private static int SkipSpaceAndComments(string sql, int position)
    {
        while (position < sql.Length)
        {
            if (char.IsWhiteSpace(sql[position]))
            {
                position++;
            }
            else if (sql.AsSpan(position).StartsWith("--"))
            {
                var end = sql.IndexOf('\n', position);
                position = end < 0 ? sql.Length : end + 1;
            }
            else if (sql.AsSpan(position).StartsWith("/*"))
            {
                var end = sql.IndexOf("*/", position + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new SqlStatementFailure("PARSE_SYNTAX_ERROR", $"Unclosed comment at position {position}.");
                }

                position = end + 2;
            }
            else
            {
                break;
            }
        }

        return position;
    }

    private static SqlToken ScanNumber(string sql, ref int position)
    {
        var start = position;
        position = ScanWhile(sql, position, char.IsAsciiDigit);
        if (position < sql.Length && sql[position] == '.')
        {
            position = ScanWhile(sql, position + 1, char.IsAsciiDigit);
        }

        if (position < sql.Length && sql[position] is 'e' or 'E')
        {
            var exponent = position + 1;
            if (exponent < sql.Length && sql[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < sql.Length && char.IsAsciiDigit(sql[exponent]))
            {
                position = ScanWhile(sql, exponent, char.IsAsciiDigit);
            }
        }

        var text = sql[start..position];
        var suffixEnd = ScanWhile(sql, position, char.IsAsciiLetter);
        var suffix = sql[position..suffixEnd];
        if (suffix.Length > 0)
        {
            if (suffix.ToUpperInvariant() is not ("L" or "S" or "Y" or "D" or "BD" or "F"))
            {
                throw new SqlStatementFailure("PARSE_SYNTAX_ERROR", $"Syntax error at or near '{sql[start..suffixEnd]}'.");
            }

            position = suffixEnd;
        }

        return new SqlToken(SqlTokenKind.Number, text, start);
    }

    private static string ScanString(string sql, ref int position)
    {
        var quote = sql[position];
        var start = position;
        var text = new StringBuilder();
        position++;
        while (position < sql.Length)
        {
            var current = sql[position];
            if (current == quote)
            {
                position++;
                return text.ToString();
            }

            if (current == '\\' && position + 1 < sql.Length)
            {
                text.Append(sql[position + 1] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'b' => '\b',
                    '0' => '\0',
                    var escaped => escaped,
                });
                position += 2;
                continue;
            }

            text.Append(current);
            position++;
        }

        throw new SqlStatementFailure("PARSE_SYNTAX_ERROR", $"Unclosed string literal at position {start}.");
    }

    private static string ScanQuotedIdentifier(string sql, ref int position)
    {
        var start = position;
        var text = new StringBuilder();
        position++;
        while (position < sql.Length)
        {
            if (sql[position] == '`')
            {
                if (position + 1 < sql.Length && sql[position + 1] == '`')
                {
                    text.Append('`');
                    position += 2;
                    continue;
                }

                position++;
                return text.ToString();
            }

            text.Append(sql[position]);
            position++;
        }

        throw new SqlStatementFailure("PARSE_SYNTAX_ERROR", $"Unclosed quoted identifier at position {start}.");
    }
}
