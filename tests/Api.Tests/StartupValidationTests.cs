using Lakegate.Api.Hosting;

namespace Lakegate.Api.Tests;

/// <summary>Settings that could only fail on the first request stop the process at start-up, with a message naming them.</summary>
public sealed class StartupValidationTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Credentials:HashSecret", "c2hvcnQ=", "Credentials:HashSecret" },
        { "Credentials:HashSecret", "not base64 at all!", "Credentials:HashSecret" },
        { "Credentials:DefaultKeyLifetimeDays", "1000", "DefaultKeyLifetimeDays" },
        { "Operators:ApiKeys:0", "", "Operators:ApiKeys:0" },
        { "Operators:ReaderKeys:0", "lgo_short", "Operators:ReaderKeys:0" },
        { "Telemetry:MaxBodyBytes", "-5", "Telemetry" },
        { "Ingest:FlushMaxReadings", "0", "Ingest" },
        { "Delivery:MaxRecordsPerRequest", "0", "Delivery" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string setting, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Orleans:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = "startup-" + Guid.NewGuid().ToString("N"),
            ["Logging:LogLevel:Default"] = "Warning",
            [setting] = value,
        };

        var error = await Record.ExceptionAsync(async () => await (await LakegateHost.StartAsync([], settings)).DisposeAsync());

        Assert.NotNull(error);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        if (value.Length > 0 && (setting.Contains("HashSecret", StringComparison.Ordinal) || setting.Contains("Keys", StringComparison.Ordinal)))
        {
            // A secret that was refused is not repeated.
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        }
    }
}
