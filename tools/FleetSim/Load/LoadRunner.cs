using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Lakegate.FleetSim.Provisioning;
using Lakegate.FleetSim.Replay;

namespace Lakegate.FleetSim.Load;

/// <summary>
/// Drives the fleet's telemetry with a fixed number of async workers. Devices wait in a queue; a worker takes
/// one, sends its next batch, and puts it back, so each device has at most one request in flight and replays
/// its stream in order, and the load spreads evenly over the fleet. Sending stops when the reading budget is
/// spent or <c>stopSending</c> fires; requests already started still finish (with their retries) so that
/// what the gateway accepted is known exactly.
/// </summary>
public sealed class LoadRunner
{
    private readonly TelemetrySender _sender;
    private readonly RequestPacer _pacer;
    private readonly LoadCounters _counters;
    private readonly StatusCodeCounter _statuses;
    private readonly string _runId;
    private readonly int _concurrency;
    private readonly int _batchSize;
    private long _readingsLeft;

    public LoadRunner(
        HttpClient http,
        string runId,
        int concurrency,
        int batchSize,
        long? readingBudget,
        double requestsPerSecond,
        int maxRetries,
        TimeSpan maxRetryAfter,
        LoadCounters counters,
        StatusCodeCounter statuses)
    {
        _runId = runId;
        _concurrency = concurrency;
        _batchSize = batchSize;
        _readingsLeft = readingBudget ?? long.MaxValue;
        _counters = counters;
        _statuses = statuses;
        _pacer = new RequestPacer(requestsPerSecond);
        _sender = new TelemetrySender(http, _pacer, counters, statuses, maxRetries, maxRetryAfter);
    }

    public async Task<LoadResult> RunAsync(
        IReadOnlyList<SimulatedDevice> devices,
        CancellationToken stopSending,
        CancellationToken abort)
    {
        var queue = Channel.CreateUnbounded<SimulatedDevice>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
        foreach (var device in devices)
        {
            queue.Writer.TryWrite(device);
        }

        await using var stopRegistration = stopSending.Register(() => queue.Writer.TryComplete());
        var logs = Enumerable.Range(0, _concurrency).Select(_ => new LatencyLog()).ToArray();
        var started = Stopwatch.GetTimestamp();
        var workers = logs.Select(log => Task.Run(() => WorkAsync(queue, log, stopSending, abort), CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var latencies = LatencyLog.MergeSorted(logs);
        return new LoadResult(
            elapsed,
            _counters.RequestsSent,
            _counters.Retries,
            _counters.RequestsAccepted,
            _counters.FailedRequests,
            _counters.ReadingsSent,
            _counters.ReadingsAccepted,
            _counters.FailedReadings,
            LatencyPercentiles.Summarize(latencies),
            _statuses.Snapshot());
    }

    private async Task WorkAsync(Channel<SimulatedDevice> queue, LatencyLog latencies, CancellationToken stopSending, CancellationToken abort)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 * Math.Min(_batchSize, 256));
        await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        try
        {
            while (await queue.Reader.WaitToReadAsync(abort))
            {
                if (!queue.Reader.TryRead(out var device))
                {
                    continue;
                }

                if (stopSending.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    await _pacer.WaitAsync(stopSending);
                }
                catch (OperationCanceledException) when (stopSending.IsCancellationRequested)
                {
                    break;
                }

                var readings = ReserveReadings();
                if (readings == 0)
                {
                    queue.Writer.TryComplete();
                    break;
                }

                buffer.ResetWrittenCount();
                json.Reset(buffer);
                TelemetryBodyWriter.Write(json, device.Cursor, readings);
                _counters.ReadingsDispatched(readings);

                device.RequestsStarted++;
                var idempotencyKey = string.Create(
                    CultureInfo.InvariantCulture, $"{_runId}-{device.Index}-{device.RequestsStarted}");
                device.AcceptedThisRun += await _sender.SendAsync(device, buffer.WrittenMemory, idempotencyKey, readings, latencies, abort);
                queue.Writer.TryWrite(device);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
        }
    }

    /// <summary>Takes up to one batch from the remaining reading budget; 0 when it is spent.</summary>
    private int ReserveReadings()
    {
        while (true)
        {
            var left = Volatile.Read(ref _readingsLeft);
            if (left <= 0)
            {
                return 0;
            }

            var take = Math.Min(left, _batchSize);
            if (Interlocked.CompareExchange(ref _readingsLeft, left - take, left) == left)
            {
                return (int)take;
            }
        }
    }
}
