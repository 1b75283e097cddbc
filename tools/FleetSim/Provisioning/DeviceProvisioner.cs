using System.Diagnostics;
using Lakegate.FleetSim.Api;
using Lakegate.FleetSim.Data;
using Lakegate.FleetSim.Options;
using Lakegate.FleetSim.Replay;

namespace Lakegate.FleetSim.Provisioning;

/// <summary>
/// Creates the fleet through the operator API with bounded concurrency. A device id that already exists (409)
/// gets a fresh key and its current <c>accepted</c> count as the baseline for the delivery check.
/// </summary>
public sealed class DeviceProvisioner(OperatorApiClient operatorApi, TextWriter progress)
{
    public async Task<SimulatedDevice[]> ProvisionAsync(
        SimulatorOptions options,
        IReadOnlyList<SourceStream> streams,
        long runStartUnixMs,
        CancellationToken cancellationToken)
    {
        var devices = new SimulatedDevice[options.Devices];
        var streamLengths = streams.Select(s => s.Count).ToArray();
        var done = 0;
        var existed = 0;
        var started = Stopwatch.GetTimestamp();

        using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progressLoop = ReportProgressAsync(() => (Volatile.Read(ref done), Volatile.Read(ref existed)), options, stopProgress.Token);
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, options.Devices),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Min(options.Concurrency, 64), CancellationToken = cancellationToken },
                async (index, ct) =>
                {
                    var deviceId = options.DevicePrefix + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var created = await operatorApi.CreateDeviceAsync(deviceId, ct);
                    long baseline = 0;
                    if (created is null)
                    {
                        Interlocked.Increment(ref existed);
                        try
                        {
                            created = await operatorApi.IssueKeyAsync(deviceId, ct);
                        }
                        catch (OperatorApiException e)
                        {
                            throw new OperatorApiException(
                                $"Device {deviceId} already exists and no new key could be issued for it: {e.Message} " +
                                "Use a --device-prefix that no earlier run used (the default is new for every run).",
                                e.StatusCode);
                        }

                        var state = await operatorApi.GetDeviceAsync(deviceId, ct)
                            ?? throw new OperatorApiException($"Device {deviceId} exists (409) but cannot be read (404).");
                        baseline = state.Accepted;
                    }

                    var assignment = DeviceStreamMapping.Assign(index, streamLengths);
                    var cursor = new DeviceReplayCursor(
                        streams[assignment.StreamIndex], assignment.StartIndex, runStartUnixMs, options.TimestampAnchor);
                    devices[index] = new SimulatedDevice(index, deviceId, created.Key, baseline, cursor, options.Api);
                    Interlocked.Increment(ref done);
                });
        }
        finally
        {
            await stopProgress.CancelAsync();
            await progressLoop;
        }

        await progress.WriteLineAsync(
            $"provisioned {options.Devices} devices in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s " +
            $"({existed} existed already and got a new key)");
        return devices;
    }

    private async Task ReportProgressAsync(Func<(int Done, int Existed)> read, SimulatorOptions options, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.ProgressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var (done, existed) = read();
                await progress.WriteLineAsync($"provisioning {done}/{options.Devices} devices ({existed} existed)");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
