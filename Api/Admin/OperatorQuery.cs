using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Lakegate.Api.Hosting;
using Lakegate.Api.Ingest;

namespace Lakegate.Api.Admin;

/// <summary>
/// Reads the query of an operator list endpoint. A bad value answers 400 with a detail that names the
/// parameter and its real allowed range (<c>invalid-query</c>), or <c>invalid-device-id</c> for a bad device filter.
/// </summary>
public static class OperatorQuery
{
    public const int MaxLimit = 1_000;
    public const int DefaultLimit = 100;
    public const string LimitParameter = "limit";

    /// <summary>The <c>limit</c> of a list query: 1 to <see cref="MaxLimit"/>, <see cref="DefaultLimit"/> when absent.</summary>
    public static bool TryReadLimit(IQueryCollection query, out int limit, [NotNullWhen(false)] out IResult? problem)
    {
        var ok = TryReadWholeNumber(query, LimitParameter, 1, MaxLimit, out var value, out problem);
        limit = value ?? DefaultLimit;
        return ok;
    }

    /// <summary>The <c>deviceId</c> filter of a list query: absent or empty for every device; otherwise a valid device id.</summary>
    public static bool TryReadDeviceIdFilter(IQueryCollection query, out string? deviceId, [NotNullWhen(false)] out IResult? problem)
    {
        var text = query["deviceId"].ToString();
        deviceId = text.Length == 0 ? null : text;
        problem = deviceId is null || DeviceIdRule.IsValid(deviceId) ? null : DeviceProblems.InvalidDeviceId();
        return problem is null;
    }

    /// <summary>An optional whole-number parameter from <paramref name="min"/> to <paramref name="max"/> (null when absent).</summary>
    public static bool TryReadWholeNumber(IQueryCollection query, string name, int min, int max, out int? result, [NotNullWhen(false)] out IResult? problem)
    {
        result = null;
        problem = null;
        var value = query[name];
        if (value.Count == 0 || string.IsNullOrEmpty(value.ToString()))
        {
            return true;
        }

        if (value.Count == 1 && int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            result = parsed;
            return true;
        }

        problem = ProblemResults.Problem(400, "invalid-query", "Invalid query", $"{name} is a whole number from {min} to {max}.");
        return false;
    }
}
