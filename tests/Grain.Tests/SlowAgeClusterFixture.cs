namespace Lakegate.Grain.Tests;

/// <summary>A cluster whose buffers never age out within a test: only size flushes them.</summary>
public sealed class SlowAgeClusterFixture : LakegateClusterFixture
{
    protected override Dictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Ingest:FlushMaxAge"] = "01:00:00";
            return settings;
        }
    }
}
