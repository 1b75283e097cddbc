using System.Globalization;

namespace Lakegate.Api.Admin;

/// <summary>
/// Reads a CSV device list: one device per line, <c>deviceId[,keyLifetimeDays]</c>. The first line may be a
/// header naming the columns (<c>deviceId</c>, <c>keyLifetimeDays</c>; any case, either order). Blank lines are
/// skipped; every other line is an entry, numbered by its line, and a line that cannot be read (an empty
/// device id, more columns than there are, a bad quote, a lifetime that is no whole number) is an error of
/// that line, never silently dropped.
/// </summary>
public static class BulkCsvReader
{
    private const string DeviceIdColumn = "deviceId";
    private const string KeyLifetimeDaysColumn = "keyLifetimeDays";

    /// <returns>The entries, or null when there are more than <paramref name="maxEntries"/>.</returns>
    public static async Task<List<BulkListEntry>?> ReadAsync(TextReader reader, int maxEntries, CancellationToken cancellationToken)
    {
        var entries = new List<BulkListEntry>();
        string[] columns = [DeviceIdColumn, KeyLifetimeDaysColumn];
        var lineNumber = 0;
        var first = true;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var position = $"line {lineNumber}";
            if (!CsvLine.TrySplit(line, out var fields, out var error))
            {
                entries.Add(BulkListEntry.Unreadable(position, error!));
            }
            else if (first && IsHeader(fields))
            {
                if (TryReadHeader(fields, out var named, out var headerError))
                {
                    columns = named;
                }
                else
                {
                    entries.Add(BulkListEntry.Unreadable(position, headerError));
                }
            }
            else
            {
                entries.Add(ReadRow(position, fields, columns));
            }

            first = false;
            if (entries.Count > maxEntries)
            {
                return null;
            }
        }

        return entries;
    }

    private static BulkListEntry ReadRow(string position, List<string> fields, string[] columns)
    {
        if (fields.Count > columns.Length)
        {
            return BulkListEntry.Unreadable(position, $"{fields.Count} columns, but a line has at most {columns.Length} ({string.Join(",", columns)})");
        }

        string? deviceId = null;
        int? lifetime = null;
        for (var i = 0; i < fields.Count; i++)
        {
            if (columns[i] == DeviceIdColumn)
            {
                deviceId = fields[i];
            }
            else if (fields[i].Length > 0)
            {
                if (!int.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var days))
                {
                    return BulkListEntry.Unreadable(position, BulkProvisioning.InvalidLifetime);
                }

                lifetime = days;
            }
        }

        return string.IsNullOrEmpty(deviceId)
            ? BulkListEntry.Unreadable(position, "the device id is empty")
            : BulkListEntry.Read(position, new BulkDeviceEntry(deviceId, lifetime));
    }

    /// <summary>A first line is a header when every field is a column name (in any case).</summary>
    private static bool IsHeader(List<string> fields) =>
        fields.All(f => f.Equals(DeviceIdColumn, StringComparison.OrdinalIgnoreCase) || f.Equals(KeyLifetimeDaysColumn, StringComparison.OrdinalIgnoreCase));

    private static bool TryReadHeader(List<string> fields, out string[] columns, out string error)
    {
        columns = fields.Select(f => f.Equals(DeviceIdColumn, StringComparison.OrdinalIgnoreCase) ? DeviceIdColumn : KeyLifetimeDaysColumn).ToArray();
        error = string.Empty;
        if (columns.Distinct().Count() != columns.Length || !columns.Contains(DeviceIdColumn))
        {
            error = $"the header names a column twice or lacks {DeviceIdColumn}; it is {DeviceIdColumn}[,{KeyLifetimeDaysColumn}] in either order";
            return false;
        }

        return true;
    }
}
