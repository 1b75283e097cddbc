using System.Text;

namespace Lakegate.FleetSim.Data;

/// <summary>Splits one CSV line into fields; double-quoted fields may contain commas and doubled quotes.</summary>
public static class CsvFields
{
    public static List<string> Split(string line)
    {
        var fields = new List<string>(12);
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var field = new StringBuilder();
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                fields.Add(field.ToString());
                var comma = line.IndexOf(',', i);
                if (comma < 0)
                {
                    return fields;
                }

                i = comma + 1;
            }
            else
            {
                var comma = line.IndexOf(',', i);
                if (comma < 0)
                {
                    fields.Add(line[i..]);
                    return fields;
                }

                fields.Add(line[i..comma]);
                i = comma + 1;
            }
        }
    }
}
