namespace Lakegate.Api.Tests;

/// <summary>The embedded default with a small failed-authentication limit, to see it bite on the operator endpoints.</summary>
public sealed class OperatorLockoutFixture : LakegateApiFixture
{
    public const int FailuresPerMinute = 5;

    protected override Dictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["RateLimits:FailedAuthenticationsPerMinute"] = FailuresPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return settings;
        }
    }
}
