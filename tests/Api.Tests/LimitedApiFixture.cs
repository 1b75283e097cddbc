namespace Lakegate.Api.Tests;

/// <summary>The embedded default with a tight per-device rate and a reader key, to see the limit and roles bite.</summary>
public sealed class LimitedApiFixture : LakegateApiFixture
{
    public const string ReaderKey = "lgo_reader-key-for-tests-0123456789";

    protected override Dictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["RateLimits:DeviceRequestsPerSecond"] = "1";
            settings["RateLimits:DeviceBurst"] = "3";
            settings["Operators:ReaderKeys:0"] = ReaderKey;
            return settings;
        }
    }
}
