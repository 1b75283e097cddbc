using System.Globalization;

namespace Lakegate.FleetSim.Data;

/// <summary>
/// Parses the ULB wireless-sensor-network files byte by byte. The files are not UTF-8: R3 writes every
/// sequence number with a 0xA0 (Latin-1 no-break space) thousands separator (<c>1␣000</c>). Numbers use
/// decimal commas; empty lines (R2's last line) are skipped.
/// </summary>
public static class UlbReadingParser
{
    private const byte NoBreakSpace = 0xA0;
    private const int FieldCount = 9;

    public static UlbParseResult ParseFile(string path) => Parse(File.ReadAllBytes(path));

    public static UlbParseResult Parse(ReadOnlySpan<byte> content)
    {
        var readings = new List<UlbReading>(content.Length / 45);
        var malformed = 0;
        Span<Range> tokens = stackalloc Range[FieldCount + 2];

        while (!content.IsEmpty)
        {
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? [] : content[(end + 1)..];

            var count = Tokenize(line, tokens);
            if (count == 0)
            {
                continue;
            }

            if (TryParseLine(line, tokens[..count], out var reading))
            {
                readings.Add(reading);
            }
            else
            {
                malformed++;
            }
        }

        return new UlbParseResult(readings, malformed);
    }

    private static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or 0x0B or 0x0C or NoBreakSpace;

    /// <summary>Splits on any whitespace including 0xA0; returns the token count (capped one past the expected maximum).</summary>
    private static int Tokenize(ReadOnlySpan<byte> line, Span<Range> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < line.Length && count < tokens.Length)
        {
            while (i < line.Length && IsSeparator(line[i]))
            {
                i++;
            }

            if (i == line.Length)
            {
                break;
            }

            var start = i;
            while (i < line.Length && !IsSeparator(line[i]))
            {
                i++;
            }

            tokens[count++] = new Range(start, i);
        }

        return count;
    }

    private static bool TryParseLine(ReadOnlySpan<byte> line, ReadOnlySpan<Range> tokens, out UlbReading reading)
    {
        reading = null!;
        int sequence;
        int next;
        if (tokens.Length == FieldCount)
        {
            if (!TryParseInt(line[tokens[2]], out sequence))
            {
                return false;
            }

            next = 3;
        }
        else if (tokens.Length == FieldCount + 1 && IsThousandsSplit(line, tokens[2], tokens[3]))
        {
            // "1␣000": the two pieces of one sequence number.
            if (!TryParseInt(line[tokens[2]], out var thousands) || !TryParseInt(line[tokens[3]], out var units))
            {
                return false;
            }

            sequence = thousands * 1000 + units;
            next = 4;
        }
        else
        {
            return false;
        }

        if (!long.TryParse(line[tokens[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var arrival)
            || !TryParseInt(line[tokens[1]], out var node)
            || !TryParseDecimalComma(line[tokens[next]], out var internalTemperature)
            || !TryParseDecimalComma(line[tokens[next + 1]], out var internalVoltage)
            || !TryParseDecimalComma(line[tokens[next + 2]], out var humidity)
            || !TryParseDecimalComma(line[tokens[next + 3]], out var temperature)
            || !TryParseInt(line[tokens[next + 4]], out var par)
            || !TryParseInt(line[tokens[next + 5]], out var tsr))
        {
            return false;
        }

        reading = new UlbReading(arrival, node, sequence, internalTemperature, internalVoltage, humidity, temperature, par, tsr);
        return true;
    }

    /// <summary>True when the gap between two tokens is only 0xA0 bytes and the second is exactly three digits.</summary>
    private static bool IsThousandsSplit(ReadOnlySpan<byte> line, Range high, Range low)
    {
        var gap = line[high.End.Value..low.Start.Value];
        var lowDigits = line[low];
        return gap.Length > 0
            && !gap.ContainsAnyExcept(NoBreakSpace)
            && lowDigits.Length == 3
            && !lowDigits.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    private static bool TryParseInt(ReadOnlySpan<byte> token, out int value) =>
        int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses <c>21,21</c>, <c>3</c> or <c>2,6</c> (a comma as decimal separator) without allocating.</summary>
    public static bool TryParseDecimalComma(ReadOnlySpan<byte> token, out double value)
    {
        if (token.IsEmpty || token.Length > 64)
        {
            value = 0;
            return false;
        }

        Span<byte> buffer = stackalloc byte[token.Length];
        token.CopyTo(buffer);
        buffer.Replace((byte)',', (byte)'.');
        return double.TryParse(buffer, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
