using System.Globalization;
using System.Text.RegularExpressions;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Timestamp text as the App contract (RFC 3339: <c>2024-05-01T12:00:00.123Z</c>, offset required) and
/// SQL (also a space instead of 'T' and no offset, meaning UTC) accept it.
/// Fractions beyond 100 ns are truncated.
/// </summary>
internal static partial class Rfc3339Timestamp
{
    /// <summary>Strict RFC 3339 date-time.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value) => TryParse(text, lenient: false, out value);

    /// <summary>RFC 3339, or a SQL timestamp literal such as <c>2024-05-01 12:00:00</c> (UTC).</summary>
    public static bool TryParseLenient(string? text, out DateTimeOffset value) => TryParse(text, lenient: true, out value);

    private static bool TryParse(string? text, bool lenient, out DateTimeOffset value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var match = Shape().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var separator = match.Groups["separator"].Value;
        var offset = match.Groups["offset"].Value;
        if (!lenient && (separator == " " || offset.Length == 0))
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var fractionDigits = fraction.Length == 0 ? "0000000" : fraction[1..Math.Min(fraction.Length, 8)].PadRight(7, '0');
        var normalizedOffset = offset.Length == 0 || offset is "Z" or "z" ? "+00:00" : offset;
        var normalized = $"{match.Groups["date"].Value}T{match.Groups["time"].Value}.{fractionDigits}{normalizedOffset}";
        return DateTimeOffset.TryParseExact(
            normalized,
            "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffzzz",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out value);
    }

    [GeneratedRegex(
        @"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?<separator>[Tt ])(?<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?<fraction>\.[0-9]+)?(?<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
