using System.Text;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// The configured target table, <c>catalog.schema.table</c>, checked and written back with every part
/// back-quoted, so the configured name can never change the shape of a statement.
/// </summary>
public static class SqlTableName
{
    /// <summary>The quoted name, or null (with a reason) when the setting is not a table name of one to three parts.</summary>
    public static string? TryQuote(string? configured, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(configured))
        {
            problem = "Databricks:Sql:Table is not configured";
            return null;
        }

        var parts = new List<string>();
        var text = configured.Trim();
        var position = 0;
        while (true)
        {
            string part;
            if (position < text.Length && text[position] == '`')
            {
                var builder = new StringBuilder();
                position++;
                while (true)
                {
                    if (position >= text.Length)
                    {
                        problem = "Databricks:Sql:Table has an unterminated back-quote";
                        return null;
                    }

                    if (text[position] == '`')
                    {
                        if (position + 1 < text.Length && text[position + 1] == '`')
                        {
                            builder.Append('`');
                            position += 2;
                            continue;
                        }

                        position++;
                        break;
                    }

                    builder.Append(text[position++]);
                }

                part = builder.ToString();
            }
            else
            {
                var start = position;
                while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
                {
                    position++;
                }

                part = text[start..position];
            }

            if (part.Length == 0 || part.Any(char.IsControl))
            {
                problem = "Databricks:Sql:Table must be catalog.schema.table (letters, digits and _, or back-quoted parts)";
                return null;
            }

            parts.Add(part);
            if (position == text.Length)
            {
                break;
            }

            if (text[position] != '.')
            {
                problem = "Databricks:Sql:Table must be catalog.schema.table (letters, digits and _, or back-quoted parts)";
                return null;
            }

            position++;
        }

        if (parts.Count > 3)
        {
            problem = "Databricks:Sql:Table has more than three parts";
            return null;
        }

        return string.Join('.', parts.Select(p => "`" + p.Replace("`", "``", StringComparison.Ordinal) + "`"));
    }
}
