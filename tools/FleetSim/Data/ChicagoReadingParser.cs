using System.Globalization;

namespace Lakegate.FleetSim.Data;

/// <summary>
/// Parses the Chicago beach water-quality CSV. Columns are found by their header names. Empty fields become
/// <c>null</c>; empty records (beach name and truncated id only) are kept with no timestamp; sentinels are
/// kept as recorded. Timestamps are Chicago wall-clock time, all of it daylight time (UTC-5).
/// </summary>
public static class ChicagoReadingParser
{
    public static readonly TimeSpan ChicagoDaylightOffset = TimeSpan.FromHours(-5);

    private const string TimestampFormat = "MM/dd/yyyy hh:mm:ss tt";

    public static ChicagoParseResult ParseFile(string path) => Parse(File.ReadAllText(path));

    public static ChicagoParseResult Parse(string content)
    {
        using var lines = new StringReader(content);
        var header = lines.ReadLine() ?? throw new FormatException("The Chicago beach sensor file is empty.");
        var columns = ChicagoColumns.FromHeader(CsvFields.Split(header));

        var readings = new List<ChicagoReading>(40_000);
        var malformed = 0;
        var lineNumber = 1;
        while (lines.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = CsvFields.Split(line);
            if (TryParseRecord(fields, columns, lineNumber, out var reading))
            {
                readings.Add(reading);
            }
            else
            {
                malformed++;
            }
        }

        return new ChicagoParseResult(readings, malformed);
    }

    private static bool TryParseRecord(IReadOnlyList<string> fields, ChicagoColumns columns, int lineNumber, out ChicagoReading reading)
    {
        reading = null!;
        if (fields.Count <= columns.MaxIndex || fields[columns.Beach].Length == 0)
        {
            return false;
        }

        DateTimeOffset? timestamp = null;
        var timestampText = fields[columns.Timestamp];
        if (timestampText.Length > 0)
        {
            if (!DateTime.TryParseExact(timestampText, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                return false;
            }

            timestamp = new DateTimeOffset(local, ChicagoDaylightOffset);
        }

        if (!TryParseOptional(fields[columns.WaterTemperature], out var water)
            || !TryParseOptional(fields[columns.Turbidity], out var turbidity)
            || !TryParseOptional(fields[columns.TransducerDepth], out var depth)
            || !TryParseOptional(fields[columns.WaveHeight], out var waveHeight)
            || !TryParseOptional(fields[columns.WavePeriod], out var wavePeriod)
            || !TryParseOptional(fields[columns.BatteryLife], out var battery))
        {
            return false;
        }

        reading = new ChicagoReading(
            fields[columns.Beach], fields[columns.MeasurementId], timestamp,
            water, turbidity, depth, waveHeight, wavePeriod, battery, lineNumber);
        return true;
    }

    private static bool TryParseOptional(string text, out double? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
