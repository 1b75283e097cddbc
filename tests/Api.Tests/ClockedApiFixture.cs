using Lakegate.Grains.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Lakegate.Api.Tests;

/// <summary>
/// The embedded default with the gateway's clock (key expiry, last-seen) under the test's control and
/// every log line captured. The Orleans runtime keeps the real clock.
/// </summary>
public sealed class ClockedApiFixture : LakegateApiFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CapturingLoggerProvider Logs { get; } = new();

    protected override Dictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Logging:LogLevel:Default"] = "Trace";
            settings["Logging:LogLevel:Microsoft"] = "Information";
            settings["Logging:LogLevel:Orleans"] = "Information";
            return settings;
        }
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddKeyedSingleton<TimeProvider>(LakegateClock.ServiceKey, Clock);
        services.AddSingleton<ILoggerProvider>(Logs);
    }
}
