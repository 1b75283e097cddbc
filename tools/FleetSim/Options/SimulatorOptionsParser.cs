using System.Globalization;
using System.Security.Cryptography;

namespace Lakegate.FleetSim.Options;

/// <summary>Reads <c>--name value</c> (or <c>--name=value</c>) options into <see cref="SimulatorOptions"/>.</summary>
public static class SimulatorOptionsParser
{
    public const string OperatorKeyEnvironmentVariable = "LAKEGATE_OPERATOR_KEY";
    public const int MaxDeviceIdLength = 128;

    private static readonly HashSet<string> KnownOptions =
    [
        "api", "operator-key", "devices", "device-prefix", "concurrency", "batch-size", "readings", "duration",
        "rate", "dataset", "data-dir", "ts-anchor", "settle-seconds", "poll-interval-ms", "max-retries",
        "timeout-seconds", "emulator", "json",
    ];

    /// <summary>Parses the command line; the operator key falls back to <see cref="OperatorKeyEnvironmentVariable"/>.</summary>
    /// <exception cref="UsageException">An option is unknown, missing its value, or out of range.</exception>
    public static ParsedCommandLine Parse(
        IReadOnlyList<string> args,
        Func<string, string?> environment,
        Func<string>? newRunId = null)
    {
        var values = ReadNameValuePairs(args, out var helpRequested);
        if (helpRequested)
        {
            return ParsedCommandLine.Help;
        }

        var runId = (newRunId ?? NewRunId)();
        var operatorKey = Get(values, "operator-key") ?? environment(OperatorKeyEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(operatorKey))
        {
            throw new UsageException(
                $"An operator key is required: pass --operator-key or set {OperatorKeyEnvironmentVariable}.");
        }

        var devices = GetInt(values, "devices", 100, 1, 1_000_000);
        var prefix = Get(values, "device-prefix") ?? $"sim-{runId}-";
        ValidateDevicePrefix(prefix, devices);

        var readings = GetLongOrNull(values, "readings", 1, long.MaxValue);
        var durationSeconds = GetDoubleOrNull(values, "duration", 0.001, 365 * 24 * 3600);
        if (readings is null && durationSeconds is null)
        {
            readings = SimulatorOptions.DefaultReadingsWhenUnbounded;
        }

        return ParsedCommandLine.Run(new SimulatorOptions
        {
            Api = GetHttpUri(values, "api") ?? new Uri("http://127.0.0.1:5080"),
            OperatorKey = operatorKey.Trim(),
            Devices = devices,
            DevicePrefix = prefix,
            RunId = runId,
            Concurrency = GetInt(values, "concurrency", 64, 1, 100_000),
            BatchSize = GetInt(values, "batch-size", 1, 1, 100_000),
            Readings = readings,
            Duration = durationSeconds is { } d ? TimeSpan.FromSeconds(d) : null,
            Rate = GetDoubleOrNull(values, "rate", 0, 10_000_000) ?? 0,
            Dataset = GetEnum(values, "dataset", DatasetSelection.All),
            DataDirectory = Get(values, "data-dir"),
            TimestampAnchor = GetEnum(values, "ts-anchor", TimestampAnchor.End),
            Settle = TimeSpan.FromSeconds(GetDoubleOrNull(values, "settle-seconds", 0, 86_400) ?? 60),
            PollInterval = TimeSpan.FromMilliseconds(GetDoubleOrNull(values, "poll-interval-ms", 1, 600_000) ?? 1000),
            MaxRetries = GetInt(values, "max-retries", 5, 0, 1000),
            RequestTimeout = TimeSpan.FromSeconds(GetDoubleOrNull(values, "timeout-seconds", 0.001, 3600) ?? 30),
            Emulator = GetHttpUri(values, "emulator"),
            JsonSummaryPath = Get(values, "json"),
        });
    }

    /// <summary>Six lowercase hex digits, random per run.</summary>
    public static string NewRunId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    private static Dictionary<string, string> ReadNameValuePairs(IReadOnlyList<string> args, out bool helpRequested)
    {
        helpRequested = false;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                helpRequested = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"Unexpected argument '{arg}'; options look like --name value.");
            }

            string name;
            string value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[2..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg[2..];
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"Option --{name} needs a value.");
                }

                value = args[++i];
            }

            if (!KnownOptions.Contains(name))
            {
                throw new UsageException($"Unknown option --{name}.");
            }

            if (!values.TryAdd(name, value))
            {
                throw new UsageException($"Option --{name} is given more than once.");
            }
        }

        return values;
    }

    private static void ValidateDevicePrefix(string prefix, int devices)
    {
        foreach (var c in prefix)
        {
            if (!IsDeviceIdCharacter(c))
            {
                throw new UsageException(
                    $"--device-prefix '{prefix}' contains '{c}'; device ids allow only A-Z a-z 0-9 - . _ :");
            }
        }

        var longest = prefix.Length + devices.ToString(CultureInfo.InvariantCulture).Length;
        if (longest > MaxDeviceIdLength)
        {
            throw new UsageException($"--device-prefix is too long: device ids would reach {longest} characters (max {MaxDeviceIdLength}).");
        }
    }

    private static bool IsDeviceIdCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':';

    private static string? Get(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : null;

    private static int GetInt(Dictionary<string, string> values, string name, int fallback, int min, int max) =>
        (int)(GetLongOrNull(values, name, min, max) ?? fallback);

    private static long? GetLongOrNull(Dictionary<string, string> values, string name, long min, long max)
    {
        if (Get(values, name) is not { } text)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new UsageException($"--{name} expects a whole number, got '{text}'.");
        }

        return value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be between {min} and {max}, got {value}.");
    }

    private static double? GetDoubleOrNull(Dictionary<string, string> values, string name, double min, double max)
    {
        if (Get(values, name) is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new UsageException($"--{name} expects a number, got '{text}'.");
        }

        return value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be between {min} and {max}, got {text}.");
    }

    private static TEnum GetEnum<TEnum>(Dictionary<string, string> values, string name, TEnum fallback)
        where TEnum : struct, Enum
    {
        if (Get(values, name) is not { } text)
        {
            return fallback;
        }

        if (Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && !int.TryParse(text, out _))
        {
            return value;
        }

        var allowed = string.Join('|', Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        throw new UsageException($"--{name} expects one of {allowed}, got '{text}'.");
    }

    private static Uri? GetHttpUri(Dictionary<string, string> values, string name)
    {
        if (Get(values, name) is not { } text)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--{name} expects an http(s) address, got '{text}'.");
        }

        return uri;
    }
}
