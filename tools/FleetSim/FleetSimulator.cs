using System.Diagnostics;
using Lakegate.FleetSim.Api;
using Lakegate.FleetSim.Data;
using Lakegate.FleetSim.Delivery;
using Lakegate.FleetSim.Load;
using Lakegate.FleetSim.Options;
using Lakegate.FleetSim.Provisioning;
using Lakegate.FleetSim.Reporting;

namespace Lakegate.FleetSim;

/// <summary>
/// One simulator run: load the recorded data, provision the fleet, replay telemetry, then check that the gateway
/// delivered everything it accepted. Returns the process exit code (see <see cref="ExitCodes"/>).
/// The summary goes to <c>output</c> (stdout); progress lines and errors go to <c>progress</c> (stderr).
/// </summary>
public sealed class FleetSimulator(SimulatorOptions options, TextWriter output, TextWriter progress)
{
    private const int UnsettledSampleSize = 10;

    /// <param name="stopSending">Ends the sending phase early; the delivery check still runs.</param>
    /// <param name="abort">Ends everything at once, in-flight requests included.</param>
    public async Task<int> RunAsync(CancellationToken stopSending, CancellationToken abort)
    {
        var startedAt = DateTimeOffset.UtcNow;
        IReadOnlyList<SourceStream> streams;
        try
        {
            var dataDirectory = options.DataDirectory ?? SensorDataLocator.Locate();
            streams = SourceStreamCatalog.Load(dataDirectory, options.Dataset);
            await progress.WriteLineAsync(
                $"run {options.RunId}: replaying {streams.Sum(s => s.Count):N0} recorded readings of {streams.Count} real devices from {dataDirectory}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            await progress.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.UsageOrProvisioningError;
        }

        // Opened before any load is generated, so a bad --json path is a usage error and not a lost benchmark.
        FileStream? jsonSummary;
        try
        {
            jsonSummary = options.JsonSummaryPath is { } path ? File.Create(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await progress.WriteLineAsync($"error: cannot write the JSON summary to {options.JsonSummaryPath}: {e.Message}");
            return ExitCodes.UsageOrProvisioningError;
        }

        await using var jsonSummaryFile = jsonSummary;
        using var http = FleetHttpClient.Create(options.Concurrency, options.RequestTimeout);
        var operatorApi = new OperatorApiClient(http, options.Api, options.OperatorKey, options.MaxRetries, options.MaxRetryAfter);

        SimulatedDevice[] devices;
        try
        {
            devices = await new DeviceProvisioner(operatorApi, progress)
                .ProvisionAsync(options, streams, startedAt.ToUnixTimeMilliseconds(), abort);
        }
        catch (Exception e) when (e is OperatorApiException or HttpRequestException or TaskCanceledException && !abort.IsCancellationRequested)
        {
            await progress.WriteLineAsync($"error: provisioning failed: {e.Message}");
            if (jsonSummaryFile is not null)
            {
                await jsonSummaryFile.DisposeAsync();
                File.Delete(jsonSummaryFile.Name);
            }

            return ExitCodes.UsageOrProvisioningError;
        }

        var load = await SendTelemetryAsync(devices, http, stopSending, abort);
        var delivery = await CheckDeliveryAsync(devices, operatorApi, load, abort);

        // Read after the delivery check, so the emulator's counts include what the gateway flushed meanwhile.
        var (emulator, emulatorError) = await ReadEmulatorStatsAsync(http, abort);
        var exitCode = delivery.Passed ? ExitCodes.DeliveryCheckPassed : ExitCodes.DeliveryCheckFailed;

        var summary = BuildSummary(startedAt, streams.Count, load, emulator, emulatorError, delivery, exitCode);
        await output.WriteAsync(SummaryPrinter.Render(summary));
        if (jsonSummaryFile is not null)
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(jsonSummaryFile, summary, FleetSimJsonContext.Default.RunSummary, abort);
        }

        return exitCode;
    }

    private async Task<LoadResult> SendTelemetryAsync(
        SimulatedDevice[] devices, HttpClient http, CancellationToken stopSending, CancellationToken abort)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopSending, abort);
        if (options.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        var counters = new LoadCounters();
        var runner = new LoadRunner(
            http, options.RunId, options.Concurrency, options.BatchSize, options.Readings, options.Rate,
            options.MaxRetries, options.MaxRetryAfter, counters, new StatusCodeCounter());

        var bounds = string.Join(" or ", new[]
        {
            options.Readings is { } r ? $"{r:N0} readings" : null,
            options.Duration is { } d ? $"{d.TotalSeconds:N0} s" : null,
        }.OfType<string>());
        await progress.WriteLineAsync(options.Readings is not null && options.Duration is not null
            ? $"sending telemetry until {bounds}, whichever comes first"
            : $"sending telemetry until {bounds}");

        using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var reporter = new ProgressReporter(counters, progress, options.ProgressInterval).RunAsync(stopProgress.Token);
        try
        {
            return await runner.RunAsync(devices, stop.Token, abort);
        }
        finally
        {
            await stopProgress.CancelAsync();
            await reporter;
        }
    }

    private async Task<(EmulatorStatsResponse? Stats, string? Error)> ReadEmulatorStatsAsync(HttpClient http, CancellationToken abort)
    {
        if (options.Emulator is not { } emulator)
        {
            return (null, null);
        }

        try
        {
            return (await EmulatorStatsClient.FetchAsync(http, emulator, abort), null);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !abort.IsCancellationRequested)
        {
            return (null, e.Message);
        }
    }

    private async Task<DeliverySummary> CheckDeliveryAsync(
        SimulatedDevice[] devices, OperatorApiClient operatorApi, LoadResult load, CancellationToken abort)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await new DeliveryChecker(operatorApi, progress)
            .CheckAsync(devices, options.Settle, options.PollInterval, options.Concurrency, abort);

        string? failure = null;
        if (!result.Passed)
        {
            failure = $"{result.DevicesTotal - result.DevicesSettled:N0} devices did not reach accepted == delivered == readings accepted in this run within {options.Settle.TotalSeconds:N0} s";
        }
        else if (load.ReadingsSent > 0 && load.ReadingsAccepted == 0)
        {
            failure = "the gateway accepted none of the readings sent";
        }

        return new DeliverySummary(
            failure is null,
            result.DevicesSettled,
            result.DevicesTotal,
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            result.Rounds,
            failure,
            result.Unsettled.Take(UnsettledSampleSize).Select(s => s.Describe()).ToArray());
    }

    private RunSummary BuildSummary(
        DateTimeOffset startedAt,
        int sourceStreams,
        LoadResult load,
        EmulatorStatsResponse? emulator,
        string? emulatorError,
        DeliverySummary delivery,
        int exitCode)
    {
        var seconds = load.Elapsed.TotalSeconds;
        double PerSecond(long n) => seconds > 0 ? n / seconds : 0;
        return new RunSummary
        {
            RunId = options.RunId,
            Api = options.Api.ToString(),
            StartedAt = startedAt,
            Devices = options.Devices,
            DevicePrefix = options.DevicePrefix,
            Dataset = options.Dataset.ToString().ToLowerInvariant(),
            SourceStreams = sourceStreams,
            Concurrency = options.Concurrency,
            BatchSize = options.BatchSize,
            RateLimit = options.Rate,
            SendSeconds = seconds,
            RequestsSent = load.RequestsSent,
            Retries = load.Retries,
            RequestsAccepted = load.RequestsAccepted,
            FailedRequests = load.FailedRequests,
            RequestsPerSecond = PerSecond(load.RequestsSent),
            ReadingsSent = load.ReadingsSent,
            ReadingsAccepted = load.ReadingsAccepted,
            FailedReadings = load.FailedReadings,
            ReadingsPerSecond = PerSecond(load.ReadingsAccepted),
            LatencyMs = load.Latency,
            StatusCounts = load.StatusCounts,
            Emulator = emulator,
            EmulatorError = emulatorError,
            Delivery = delivery,
            ExitCode = exitCode,
        };
    }
}
