namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Timestamp text as the App contract (RFC 3339: <c>2024-05-01T12:00:00.123Z</c>, offset required) and
/// SQL (also a space instead of 'T' and no offset, meaning UTC) accept it.
/// Fractions beyond 100 ns are truncated. Parsed in place: every record of every App request has two.
/// </summary>
internal static class Rfc3339Timestamp
{
    private const int TimeEnd = 19; // "yyyy-MM-ddTHH:mm:ss"
    private const int MaxFractionDigits = 7;
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>Strict RFC 3339 date-time.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value) => TryParse(text, lenient: false, out value);

    /// <summary>RFC 3339, or a SQL timestamp literal such as <c>2024-05-01 12:00:00</c> (UTC).</summary>
    public static bool TryParseLenient(string? text, out DateTimeOffset value) => TryParse(text, lenient: true, out value);

    private static bool TryParse(string? text, bool lenient, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < TimeEnd)
        {
            return false;
        }

        var s = text.AsSpan();
        var separator = s[10];
        if (s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':'
            || !(separator is 'T' or 't' || (lenient && separator == ' '))
            || !TryDigits(s[..4], out var year) || !TryDigits(s.Slice(5, 2), out var month) || !TryDigits(s.Slice(8, 2), out var day)
            || !TryDigits(s.Slice(11, 2), out var hour) || !TryDigits(s.Slice(14, 2), out var minute) || !TryDigits(s.Slice(17, 2), out var second))
        {
            return false;
        }

        var i = TimeEnd;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == '.')
        {
            var digits = 0;
            for (i++; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
            {
                if (digits < MaxFractionDigits)
                {
                    fractionTicks = fractionTicks * 10 + (s[i] - '0');
                }
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < MaxFractionDigits; digits++)
            {
                fractionTicks *= 10;
            }
        }

        if (!TryOffset(s[i..], lenient, out var offset)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>"Z", "z" or "±HH:MM"; nothing (UTC) only when lenient.</summary>
    private static bool TryOffset(ReadOnlySpan<char> s, bool lenient, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s.IsEmpty)
        {
            return lenient;
        }

        if (s is "Z" or "z")
        {
            return true;
        }

        if (s.Length != 6 || s[0] is not ('+' or '-') || s[3] != ':'
            || !TryDigits(s.Slice(1, 2), out var hours) || !TryDigits(s.Slice(4, 2), out var minutes) || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (offset > MaxOffset)
        {
            return false;
        }

        if (s[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }
}
