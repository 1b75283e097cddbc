using System.Globalization;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Reads the standalone program's <see cref="EmulatorOptions"/> from the <c>Emulator</c> configuration section
/// (<c>Emulator:ClientId</c>, <c>Emulator:ClientSecret</c>, <c>Emulator:TokenLifetimeSeconds</c>,
/// <c>Emulator:AppName</c>, <c>Emulator:MaxRequestBodyBytes</c>; environment <c>Emulator__ClientId</c>, ...).
/// Unset values keep the defaults of <see cref="EmulatorOptions"/>.
/// </summary>
internal static class EmulatorConfiguration
{
    public const string SectionName = "Emulator";

    /// <param name="secretConfigured">False when no client secret was configured and the built-in default is in use.</param>
    public static EmulatorOptions Read(IConfiguration configuration, out bool secretConfigured)
    {
        var section = configuration.GetSection(SectionName);
        var options = new EmulatorOptions();
        if (section[nameof(EmulatorOptions.ClientId)] is { Length: > 0 } clientId)
        {
            options.ClientId = clientId;
        }

        secretConfigured = section[nameof(EmulatorOptions.ClientSecret)] is { Length: > 0 };
        if (secretConfigured)
        {
            options.ClientSecret = section[nameof(EmulatorOptions.ClientSecret)]!;
        }

        if (section[nameof(EmulatorOptions.TokenLifetimeSeconds)] is { Length: > 0 } lifetime)
        {
            options.TokenLifetimeSeconds = ParseNumber<int>(lifetime, nameof(EmulatorOptions.TokenLifetimeSeconds));
        }

        if (section[nameof(EmulatorOptions.AppName)] is { Length: > 0 } appName)
        {
            options.AppName = appName;
        }

        if (section[nameof(EmulatorOptions.MaxRequestBodyBytes)] is { Length: > 0 } maxBytes)
        {
            options.MaxRequestBodyBytes = ParseNumber<long>(maxBytes, nameof(EmulatorOptions.MaxRequestBodyBytes));
        }

        options.Validate();
        return options;
    }

    private static T ParseNumber<T>(string text, string name)
        where T : IParsable<T> =>
        T.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{SectionName}:{name} must be a number; got '{text}'.");
}
