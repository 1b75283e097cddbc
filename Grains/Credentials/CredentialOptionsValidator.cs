using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Credentials;

/// <summary>Refuses a device-key policy that would fail later, on the first device call, at start-up instead.</summary>
public sealed class CredentialOptionsValidator : IValidateOptions<CredentialOptions>
{
    public ValidateOptionsResult Validate(string? name, CredentialOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.HashSecret) && !IsLongEnoughBase64(options.HashSecret))
        {
            failures.Add($"{CredentialOptions.SectionName}:HashSecret must be base64 of at least 32 bytes (e.g. openssl rand -base64 32).");
        }

        if (options.MaxKeyLifetimeDays < 1)
        {
            failures.Add($"{CredentialOptions.SectionName}:MaxKeyLifetimeDays must be at least 1.");
        }

        if (options.DefaultKeyLifetimeDays < 1 || options.DefaultKeyLifetimeDays > Math.Max(1, options.MaxKeyLifetimeDays))
        {
            failures.Add($"{CredentialOptions.SectionName}:DefaultKeyLifetimeDays must be between 1 and MaxKeyLifetimeDays.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLongEnoughBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written >= 32;
    }
}
