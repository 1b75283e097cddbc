using System.Diagnostics;
using Lakegate.FleetSim.Api;
using Lakegate.FleetSim.Provisioning;

namespace Lakegate.FleetSim.Delivery;

/// <summary>
/// Polls every device's state through the operator API until each reports <c>accepted == delivered</c> and
/// <c>accepted</c> equals what this run got 202 for (plus what the device had before), or the settle time ends.
/// A device that has settled is not asked again.
/// </summary>
public sealed class DeliveryChecker(OperatorApiClient operatorApi, TextWriter progress)
{
    public async Task<DeliveryCheckResult> CheckAsync(
        IReadOnlyList<SimulatedDevice> devices,
        TimeSpan settle,
        TimeSpan pollInterval,
        int concurrency,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var pending = devices.ToList();
        var latest = new DeviceDeliveryState[devices.Count];
        var rounds = 0;

        while (true)
        {
            rounds++;
            await Parallel.ForEachAsync(
                pending,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(concurrency, 1, 32), CancellationToken = cancellationToken },
                async (device, ct) => latest[device.Index] = await ReadStateAsync(device, ct));

            pending.RemoveAll(d => latest[d.Index].IsSettled);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var settled = devices.Count - pending.Count;
            if (pending.Count == 0 || elapsed >= settle)
            {
                return new DeliveryCheckResult(
                    pending.Count == 0, settled, devices.Count, elapsed, rounds, pending.Select(d => latest[d.Index]).ToArray());
            }

            var buffered = pending.Sum(d => latest[d.Index].Buffered ?? 0);
            await progress.WriteLineAsync(
                $"delivery check: {settled}/{devices.Count} devices settled, {buffered:N0} readings still buffered " +
                $"({elapsed.TotalSeconds:F0}s of {settle.TotalSeconds:F0}s)");

            var wait = pollInterval < settle - elapsed ? pollInterval : settle - elapsed;
            await Task.Delay(wait, cancellationToken);
        }
    }

    private async Task<DeviceDeliveryState> ReadStateAsync(SimulatedDevice device, CancellationToken cancellationToken)
    {
        try
        {
            var state = await operatorApi.GetDeviceAsync(device.DeviceId, cancellationToken);
            return state is null
                ? new DeviceDeliveryState(device.DeviceId, device.ExpectedAccepted, null, null, null, "unknown to the gateway (404)")
                : new DeviceDeliveryState(device.DeviceId, device.ExpectedAccepted, state.Accepted, state.Delivered, state.Buffered, null);
        }
        catch (Exception e) when (e is OperatorApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new DeviceDeliveryState(device.DeviceId, device.ExpectedAccepted, null, null, null, e.Message);
        }
    }
}
