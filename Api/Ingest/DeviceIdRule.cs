namespace Lakegate.Api.Ingest;

/// <summary>A device id is 1–128 characters of A–Z a–z 0–9 - . _ : (but not "." or "..").</summary>
public static class DeviceIdRule
{
    public const int MaxLength = 128;

    /// <summary>The rule as a regular expression for schemas (OpenAPI) that describe it to clients; it does not spell out the "." and ".." exception.</summary>
    public const string Pattern = "^[A-Za-z0-9._:-]{1,128}$";

    public static bool IsValid(string? deviceId)
    {
        if (string.IsNullOrEmpty(deviceId) || deviceId.Length > MaxLength || deviceId is "." or "..")
        {
            // "." and ".." are path segments, never reachable as ids in a URL.
            return false;
        }

        foreach (var c in deviceId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
