namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Parses the two statement forms the emulated warehouse runs (see the emulator's README):
/// <code>
/// INSERT INTO [TABLE] name [(col, ...)] VALUES (expr, ...)[, (expr, ...)]... [;]
/// MERGE INTO name [[AS] t] USING (VALUES (expr, ...)[, ...]) [AS] s (col, ...) ON ... WHEN NOT MATCHED THEN INSERT ...
/// </code>
/// An expression is a literal (string, number, NULL, TRUE, FALSE, <c>TIMESTAMP '...'</c>), a named parameter
/// <c>:name</c>, <c>CAST(expr AS type)</c>, <c>expr::type</c>, or one of the one-argument functions
/// PARSE_JSON, TO_TIMESTAMP, TIMESTAMP, TO_JSON, which pass their argument through. Without a column list
/// an INSERT's columns are <c>device_id, seq, event_time, received_at, payload</c> (and <c>batch_id</c>).
/// Everything after a MERGE's column list is only checked for <c>WHEN NOT MATCHED</c>: the emulator always
/// inserts rows whose <c>(device_id, seq)</c> is new and leaves existing ones alone.
/// </summary>
internal sealed class SqlRecordStatementParser
{
    public static readonly IReadOnlyList<string> DefaultInsertColumns = ["device_id", "seq", "event_time", "received_at", "payload", "batch_id"];

    private static readonly HashSet<string> PassThroughFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "PARSE_JSON", "TO_TIMESTAMP", "TIMESTAMP", "TO_JSON",
    };

    private readonly IReadOnlyList<SqlToken> tokens;
    private readonly IReadOnlyDictionary<string, SqlValue> parameters;
    private int next;

    private SqlRecordStatementParser(IReadOnlyList<SqlToken> tokens, IReadOnlyDictionary<string, SqlValue> parameters)
    {
        this.tokens = tokens;
        this.parameters = parameters;
    }

    private SqlToken Current => tokens[next];

    /// <exception cref="SqlStatementFailure">The statement is not one the emulator runs, or is malformed.</exception>
    public static SqlRecordStatement Parse(string sql, IReadOnlyDictionary<string, SqlValue> parameters)
    {
        var parser = new SqlRecordStatementParser(SqlTokenizer.Tokenize(sql), parameters);
        return parser.ParseStatement();
    }

    private SqlRecordStatement ParseStatement()
    {
        if (Current.IsWord("INSERT"))
        {
            return ParseInsert();
        }

        if (Current.IsWord("MERGE"))
        {
            return ParseMerge();
        }

        if (Current.Kind == SqlTokenKind.End)
        {
            throw new SqlStatementFailure("PARSE_EMPTY_STATEMENT", "Syntax error, unexpected empty statement.");
        }

        throw new SqlStatementFailure("UNSUPPORTED_STATEMENT", $"The emulator runs only INSERT INTO ... VALUES and MERGE INTO ... USING (VALUES ...); got {Current}.");
    }

    private SqlRecordStatement ParseInsert()
    {
        ExpectWord("INSERT");
        ExpectWord("INTO");
        AcceptWord("TABLE");
        var table = ParseQualifiedName();
        IReadOnlyList<string>? columns = Current.IsSymbol("(") ? ParseColumnList() : null;
        ExpectWord("VALUES");
        var rows = ParseRows();
        AcceptSymbol(";");
        ExpectEnd();

        if (columns is null)
        {
            var width = rows[0].Count;
            if (width is < 5 or > 6)
            {
                throw new SqlStatementFailure(
                    "INSERT_COLUMN_ARITY_MISMATCH",
                    $"Without a column list the row must have 5 or 6 values ({string.Join(", ", DefaultInsertColumns)}); got {width}.");
            }

            columns = DefaultInsertColumns.Take(width).ToArray();
        }

        return new SqlRecordStatement(SqlRecordStatementKind.Insert, table, columns, CheckArity(columns, rows));
    }

    private SqlRecordStatement ParseMerge()
    {
        ExpectWord("MERGE");
        ExpectWord("INTO");
        var table = ParseQualifiedName();
        if (!Current.IsWord("USING"))
        {
            AcceptWord("AS");
            ParseIdentifier();
        }

        ExpectWord("USING");
        if (!Current.IsSymbol("(") || !tokens[next + 1].IsWord("VALUES"))
        {
            throw new SqlStatementFailure("UNSUPPORTED_STATEMENT", $"The emulator runs MERGE only with a USING (VALUES ...) source; got {Current}.");
        }

        next += 2;
        var rows = ParseRows();
        ExpectSymbol(")");
        AcceptWord("AS");
        ParseIdentifier();
        var columns = ParseColumnList();
        ExpectWord("ON");

        var insertsNewRows = false;
        for (var index = next; index + 2 < tokens.Count; index++)
        {
            if (tokens[index].IsWord("WHEN") && tokens[index + 1].IsWord("NOT") && tokens[index + 2].IsWord("MATCHED"))
            {
                insertsNewRows = true;
                break;
            }
        }

        if (!insertsNewRows)
        {
            throw new SqlStatementFailure("UNSUPPORTED_STATEMENT", "The emulator runs MERGE only with a WHEN NOT MATCHED THEN INSERT clause.");
        }

        return new SqlRecordStatement(SqlRecordStatementKind.Merge, table, columns, CheckArity(columns, rows));
    }

    private static IReadOnlyList<IReadOnlyList<SqlValue>> CheckArity(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<SqlValue>> rows)
    {
        for (var index = 0; index < rows.Count; index++)
        {
            if (rows[index].Count != columns.Count)
            {
                throw new SqlStatementFailure(
                    "INSERT_COLUMN_ARITY_MISMATCH",
                    $"Row {index} has {rows[index].Count} values but {columns.Count} columns are listed.");
            }
        }

        return rows;
    }

    private List<IReadOnlyList<SqlValue>> ParseRows()
    {
        var rows = new List<IReadOnlyList<SqlValue>> { ParseRow() };
        while (AcceptSymbol(","))
        {
            rows.Add(ParseRow());
        }

        return rows;
    }

    private List<SqlValue> ParseRow()
    {
        ExpectSymbol("(");
        var values = new List<SqlValue> { ParseExpression() };
        while (AcceptSymbol(","))
        {
            values.Add(ParseExpression());
        }

        ExpectSymbol(")");
        return values;
    }

    private SqlValue ParseExpression()
    {
        var value = ParsePrimary();
        while (AcceptSymbol("::"))
        {
            SkipTypeName();
        }

        return value;
    }

    private SqlValue ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case SqlTokenKind.String:
                next++;
                var text = token.Text;
                while (Current.Kind == SqlTokenKind.String)
                {
                    // Adjacent string literals are concatenated, as in Spark SQL.
                    text += Current.Text;
                    next++;
                }

                return SqlValue.String(text);

            case SqlTokenKind.Number:
                next++;
                return SqlValue.Number(token.Text);

            case SqlTokenKind.Parameter:
                next++;
                return parameters.TryGetValue(token.Text, out var bound)
                    ? bound
                    : throw new SqlStatementFailure("UNBOUND_SQL_PARAMETER", $"Found the unbound parameter: {token.Text}.");

            case SqlTokenKind.Symbol when token.Text is "-" or "+" && tokens[next + 1].Kind == SqlTokenKind.Number:
                next += 2;
                return SqlValue.Number(token.Text == "-" ? "-" + tokens[next - 1].Text : tokens[next - 1].Text);

            case SqlTokenKind.Symbol when token.Text == "?":
                throw new SqlStatementFailure("UNSUPPORTED_FEATURE", "Positional parameter markers (?) are not supported; use named markers (:name).");

            case SqlTokenKind.Word:
                return ParseWordExpression();

            default:
                throw SyntaxError();
        }
    }

    private SqlValue ParseWordExpression()
    {
        var word = Current;
        if (word.IsWord("NULL"))
        {
            next++;
            return SqlValue.Null;
        }

        if (word.IsWord("TRUE") || word.IsWord("FALSE"))
        {
            next++;
            return SqlValue.Boolean(word.IsWord("TRUE"));
        }

        if ((word.IsWord("TIMESTAMP") || word.IsWord("TIMESTAMP_NTZ") || word.IsWord("TIMESTAMP_LTZ") || word.IsWord("DATE"))
            && tokens[next + 1].Kind == SqlTokenKind.String)
        {
            next++;
            return ParsePrimary();
        }

        if (word.IsWord("CAST") && tokens[next + 1].IsSymbol("("))
        {
            next += 2;
            var value = ParseExpression();
            ExpectWord("AS");
            SkipTypeName();
            ExpectSymbol(")");
            return value;
        }

        if (PassThroughFunctions.Contains(word.Text) && tokens[next + 1].IsSymbol("("))
        {
            next += 2;
            var value = ParseExpression();
            ExpectSymbol(")");
            return value;
        }

        if (tokens[next + 1].IsSymbol("("))
        {
            throw new SqlStatementFailure("UNSUPPORTED_FEATURE", $"The function {word.Text} is not supported by the emulator.");
        }

        throw SyntaxError();
    }

    private void SkipTypeName()
    {
        ParseIdentifier();
        if (AcceptSymbol("("))
        {
            while (!Current.IsSymbol(")"))
            {
                if (Current.Kind == SqlTokenKind.End)
                {
                    throw SyntaxError();
                }

                next++;
            }

            next++;
        }
    }

    private string ParseQualifiedName()
    {
        var parts = new List<string> { ParseIdentifier() };
        while (AcceptSymbol("."))
        {
            parts.Add(ParseIdentifier());
        }

        return string.Join('.', parts);
    }

    private List<string> ParseColumnList()
    {
        ExpectSymbol("(");
        var columns = new List<string> { ParseIdentifier() };
        while (AcceptSymbol(","))
        {
            columns.Add(ParseIdentifier());
        }

        ExpectSymbol(")");
        return columns;
    }

    private string ParseIdentifier()
    {
        if (Current.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            return tokens[next++].Text;
        }

        throw SyntaxError();
    }

    private void ExpectWord(string word)
    {
        if (!AcceptWord(word))
        {
            throw SyntaxError();
        }
    }

    private bool AcceptWord(string word)
    {
        if (!Current.IsWord(word))
        {
            return false;
        }

        next++;
        return true;
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol))
        {
            throw SyntaxError();
        }
    }

    private bool AcceptSymbol(string symbol)
    {
        if (!Current.IsSymbol(symbol))
        {
            return false;
        }

        next++;
        return true;
    }

    private void ExpectEnd()
    {
        if (Current.Kind != SqlTokenKind.End)
        {
            throw SyntaxError();
        }
    }

    private SqlStatementFailure SyntaxError() =>
        new("PARSE_SYNTAX_ERROR", $"Syntax error at or near {Current} (position {Current.Position}).");
}
