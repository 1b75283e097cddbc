using System.Text.Json;
using Lakegate.FleetSim.Options;

namespace Lakegate.FleetSim.Tests;

/// <summary>The whole simulator run against the in-test gateway: provisioning, replay, retries and the delivery check.</summary>
public sealed class FleetSimulatorEndToEndTests : IDisposable
{
    private readonly string _jsonPath = Path.Combine(Path.GetTempPath(), $"fleetsim-{Guid.NewGuid():N}.json");
    private readonly StringWriter _output = new();
    private readonly StringWriter _progressText = new();
    private readonly TextWriter _progress;

    public FleetSimulatorEndToEndTests()
    {
        _progress = TextWriter.Synchronized(_progressText);
    }

    public void Dispose()
    {
        File.Delete(_jsonPath);
    }

    private static SimulatorOptions Options(FakeGateway gateway, string prefix) => new()
    {
        Api = gateway.BaseAddress,
        OperatorKey = FakeGateway.OperatorKey,
        Devices = 10,
        DevicePrefix = prefix,
        RunId = "e2e",
        Concurrency = 4,
        BatchSize = 3,
        Readings = 301,
        Dataset = DatasetSelection.Ulb,
        DataDirectory = SharedData.Directory,
        Settle = TimeSpan.FromSeconds(10),
        PollInterval = TimeSpan.FromMilliseconds(20),
        ProgressInterval = TimeSpan.FromMilliseconds(50),
        MaxRetries = 5,
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    private async Task<int> RunAsync(SimulatorOptions options) =>
        await new FleetSimulator(options, _output, _progress).RunAsync(CancellationToken.None, CancellationToken.None);

    [Fact]
    public async Task Passes_when_everything_accepted_is_delivered_despite_throttling_and_lost_answers()
    {
        await using var gateway = await FakeGateway.StartAsync(throttleEvery: 7, dropAnswerEvery: 23);
        var options = Options(gateway, "sim-e2e-") with
        {
            Dataset = DatasetSelection.All,
            Emulator = gateway.BaseAddress,
            JsonSummaryPath = _jsonPath,
        };

        var exitCode = await RunAsync(options);

        var output = _output.ToString();
        Assert.True(exitCode == ExitCodes.DeliveryCheckPassed, output + _progressText);
        Assert.Contains("Delivery check      PASS: 10/10 devices", output);
        Assert.Contains("Readings sent       301, accepted 301, failed 0", output);
        Assert.Contains("429: ", output);
        Assert.Contains("Emulator            App requests 4, records 301", output);
        Assert.Matches(@"Latency \(ms\)        p50 \d+\.\d\d  p90 \d+\.\d\d  p99 \d+\.\d\d  p99\.9 \d+\.\d\d  max \d+\.\d\d", output);

        // Throttled requests and answers lost after storing were retried with the same idempotency key.
        Assert.True(gateway.Throttled > 0);
        Assert.True(gateway.DroppedAnswers > 0);
        Assert.True(gateway.IdempotentReplays >= gateway.DroppedAnswers);

        Assert.Equal(10, gateway.Devices.Count);
        Assert.Equal(301, gateway.Devices.Values.Sum(d => d.Accepted));
        foreach (var device in gateway.Devices.Values)
        {
            // Every reading arrived once, in replay order, from the device's one real source stream.
            var simSeqs = device.Readings.Select(r => r.GetProperty("simSeq").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, simSeqs.Count).Select(i => (long)i), simSeqs);
            Assert.Single(device.Readings.Select(r => r.GetProperty("source").GetString()).Distinct());
            Assert.True(device.Accepted > 0);
        }

        Assert.Equal("ulb-library1", gateway.Devices["sim-e2e-1"].Readings[0].GetProperty("source").GetString());

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(_jsonPath));
        var root = summary.RootElement;
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(301, root.GetProperty("readingsAccepted").GetInt64());
        Assert.True(root.GetProperty("delivery").GetProperty("passed").GetBoolean());
        Assert.True(root.GetProperty("delivery").GetProperty("rounds").GetInt32() >= 2);
        Assert.True(root.GetProperty("statusCounts").GetProperty("202").GetInt64() > 0);
        Assert.Equal(301, root.GetProperty("emulator").GetProperty("records").GetInt64());
        Assert.True(root.GetProperty("latencyMs").GetProperty("p99").GetDouble() > 0);
    }

    [Fact]
    public async Task Fails_with_exit_code_1_when_delivery_lags()
    {
        await using var gateway = await FakeGateway.StartAsync(FakeGateway.DeliveryBehaviour.LagsForever);
        var options = Options(gateway, "lag-") with { Settle = TimeSpan.FromMilliseconds(300) };

        var exitCode = await RunAsync(options);

        var output = _output.ToString();
        Assert.Equal(ExitCodes.DeliveryCheckFailed, exitCode);
        Assert.Contains("Delivery check      FAIL: 10 devices did not reach accepted == delivered", output);
        Assert.Matches(@"lag-\d+: expected \d+, accepted \d+, delivered \d+, buffered 1", output);
        Assert.Contains("Readings sent       301, accepted 301", output);
    }

    [Fact]
    public async Task Existing_devices_get_a_new_key_and_are_checked_against_their_earlier_count()
    {
        await using var gateway = await FakeGateway.StartAsync();
        gateway.AddExistingDevice("again-1", acceptedAndDelivered: 5);
        var options = Options(gateway, "again-") with { Devices = 2, Readings = 20 };

        var exitCode = await RunAsync(options);

        Assert.True(exitCode == ExitCodes.DeliveryCheckPassed, _output.ToString() + _progressText);
        Assert.Contains("(1 existed already and got a new key)", _progressText.ToString());
        Assert.True(gateway.Devices["again-1"].Accepted > 5);
        Assert.Equal(5 + 20, gateway.Devices["again-1"].Accepted + gateway.Devices["again-2"].Accepted);
    }

    [Fact]
    public async Task A_duration_and_a_rate_bound_the_sending()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var options = Options(gateway, "paced-") with
        {
            Readings = null,
            Duration = TimeSpan.FromMilliseconds(400),
            Rate = 50,
            BatchSize = 1,
            JsonSummaryPath = _jsonPath,
        };

        var exitCode = await RunAsync(options);

        Assert.True(exitCode == ExitCodes.DeliveryCheckPassed, _output.ToString() + _progressText);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(_jsonPath));
        var requests = summary.RootElement.GetProperty("requestsSent").GetInt64();
        // 400 ms at 50 req/s is about 20 requests (plus a burst of one); never hundreds. A loaded machine may send fewer.
        Assert.InRange(requests, 1, 30);
        Assert.Equal(requests, gateway.Devices.Values.Sum(d => d.Accepted));
    }

    [Fact]
    public async Task A_rejected_operator_key_is_a_provisioning_error()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var options = Options(gateway, "denied-") with { OperatorKey = "wrong", JsonSummaryPath = _jsonPath };

        var exitCode = await RunAsync(options);

        Assert.Equal(ExitCodes.UsageOrProvisioningError, exitCode);
        Assert.Contains("provisioning failed", _progressText.ToString());
        Assert.Contains("401", _progressText.ToString());
        Assert.Empty(gateway.Devices);
        Assert.False(File.Exists(_jsonPath));
    }

    [Fact]
    public async Task A_missing_data_folder_is_a_usage_error()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var options = Options(gateway, "nodata-") with { DataDirectory = Path.Combine(Path.GetTempPath(), "no-such-folder") };

        Assert.Equal(ExitCodes.UsageOrProvisioningError, await RunAsync(options));
        Assert.Contains("ulb_library1_R1.txt is missing", _progressText.ToString());
    }

    [Fact]
    public async Task An_unwritable_json_path_is_a_usage_error_found_before_any_load()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var options = Options(gateway, "nojson-") with { JsonSummaryPath = Path.Combine(Path.GetTempPath(), "no-such-folder", "s.json") };

        Assert.Equal(ExitCodes.UsageOrProvisioningError, await RunAsync(options));
        Assert.Contains("cannot write the JSON summary", _progressText.ToString());
        Assert.Empty(gateway.Devices);
    }
}
