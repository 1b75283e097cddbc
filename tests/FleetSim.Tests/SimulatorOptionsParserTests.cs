using Lakegate.FleetSim.Options;

namespace Lakegate.FleetSim.Tests;

public class SimulatorOptionsParserTests
{
    private static SimulatorOptions Parse(string commandLine, string? envKey = null) =>
        SimulatorOptionsParser.Parse(
            commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            name => name == SimulatorOptionsParser.OperatorKeyEnvironmentVariable ? envKey : null,
            () => "abc123").Options!;

    private static UsageException Fails(string commandLine, string? envKey = "k") =>
        Assert.Throws<UsageException>(() => Parse(commandLine, envKey));

    [Fact]
    public void The_documented_example_parses()
    {
        var options = Parse("--api http://127.0.0.1:5080 --operator-key secret --devices 1000 --concurrency 64 --batch-size 1 --readings 20000");

        Assert.Equal(new Uri("http://127.0.0.1:5080"), options.Api);
        Assert.Equal("secret", options.OperatorKey);
        Assert.Equal(1000, options.Devices);
        Assert.Equal(64, options.Concurrency);
        Assert.Equal(1, options.BatchSize);
        Assert.Equal(20_000, options.Readings);
        Assert.Null(options.Duration);
    }

    [Fact]
    public void Defaults_and_the_environment_operator_key()
    {
        var options = Parse("", envKey: "from-env");

        Assert.Equal("from-env", options.OperatorKey);
        Assert.Equal(new Uri("http://127.0.0.1:5080"), options.Api);
        Assert.Equal("abc123", options.RunId);
        Assert.Equal("sim-abc123-", options.DevicePrefix);
        Assert.Equal(100, options.Devices);
        Assert.Equal(64, options.Concurrency);
        Assert.Equal(1, options.BatchSize);
        Assert.Equal(SimulatorOptions.DefaultReadingsWhenUnbounded, options.Readings);
        Assert.Equal(0, options.Rate);
        Assert.Equal(DatasetSelection.All, options.Dataset);
        Assert.Equal(TimestampAnchor.End, options.TimestampAnchor);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Settle);
        Assert.Null(options.Emulator);
        Assert.Null(options.JsonSummaryPath);
        Assert.Null(options.DataDirectory);
    }

    [Fact]
    public void Every_option_and_the_name_equals_value_form()
    {
        var options = Parse(
            "--operator-key=k --device-prefix bench-7. --rate 2500.5 --duration 30 --dataset chicago --data-dir /d " +
            "--ts-anchor start --settle-seconds 5 --poll-interval-ms 250 --max-retries 2 --timeout-seconds 3 " +
            "--emulator http://127.0.0.1:5090/ --json out.json --batch-size 50");

        Assert.Equal("bench-7.", options.DevicePrefix);
        Assert.Equal(2500.5, options.Rate);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Duration);
        Assert.Null(options.Readings);
        Assert.Equal(DatasetSelection.Chicago, options.Dataset);
        Assert.Equal("/d", options.DataDirectory);
        Assert.Equal(TimestampAnchor.Start, options.TimestampAnchor);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Settle);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.PollInterval);
        Assert.Equal(2, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
        Assert.Equal(new Uri("http://127.0.0.1:5090/"), options.Emulator);
        Assert.Equal("out.json", options.JsonSummaryPath);
        Assert.Equal(50, options.BatchSize);
    }

    [Fact]
    public void Readings_and_duration_together_bound_the_run_by_whichever_comes_first()
    {
        var options = Parse("--operator-key k --readings 5 --duration 2");

        Assert.Equal(5, options.Readings);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Duration);
    }

    [Fact]
    public void Help_is_recognised()
    {
        var parsed = SimulatorOptionsParser.Parse(["--help"], _ => null);

        Assert.True(parsed.HelpRequested);
        Assert.Null(parsed.Options);
    }

    [Theory]
    [InlineData("--devices 0", "--devices")]
    [InlineData("--devices many", "whole number")]
    [InlineData("--concurrency", "needs a value")]
    [InlineData("--colour red", "Unknown option --colour")]
    [InlineData("--dataset weather", "ulb")]
    [InlineData("--ts-anchor 1", "end|start")]
    [InlineData("--api ftp://x", "http")]
    [InlineData("--device-prefix a/b", "device ids allow only")]
    [InlineData("--rate -1", "--rate")]
    [InlineData("devices 3", "Unexpected argument")]
    [InlineData("--devices 3 --devices 4", "more than once")]
    public void Bad_options_are_usage_errors(string commandLine, string expected)
    {
        Assert.Contains(expected, Fails(commandLine).Message);
    }

    [Fact]
    public void A_missing_operator_key_is_a_usage_error()
    {
        Assert.Contains(SimulatorOptionsParser.OperatorKeyEnvironmentVariable, Fails("--devices 3", envKey: null).Message);
    }

    [Fact]
    public void A_prefix_that_would_make_device_ids_too_long_is_refused()
    {
        Assert.Contains("too long", Fails($"--device-prefix {new string('x', 125)} --devices 1000").Message);
    }
}
