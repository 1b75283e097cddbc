namespace Lakegate.Api.Admin;

/// <summary>
/// Splits one CSV line (RFC 4180) into its fields: separated by commas, a field may be quoted with <c>"</c>
/// (a quote inside it doubled). Whitespace around a field is dropped. A quote that is not closed, a quote
/// inside an unquoted field and text after a closing quote are errors, not guesses.
/// </summary>
public static class CsvLine
{
    public static bool TrySplit(string line, out List<string> fields, out string? error)
    {
        fields = [];
        error = null;
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                var value = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        error = "a quoted field is not closed";
                        return false;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(line[i++]);
                }

                while (i < line.Length && line[i] is ' ' or '\t')
                {
                    i++;
                }

                if (i < line.Length && line[i] != ',')
                {
                    error = "text follows a closing quote";
                    return false;
                }

                fields.Add(value.ToString());
            }
            else
            {
                var comma = line.IndexOf(',', i);
                var value = (comma < 0 ? line[i..] : line[i..comma]).Trim();
                if (value.Contains('"'))
                {
                    error = "a quote inside an unquoted field";
                    return false;
                }

                fields.Add(value);
                i = comma < 0 ? line.Length : comma;
            }

            if (i >= line.Length)
            {
                return true;
            }

            i++; // the comma; a comma at the end of the line is followed by one more (empty) field
        }
    }
}
