using Lakegate.Grains.Ingest;
using Lakegate.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// The silo's delivery pipeline. Device grains hand it their flushed buffers; it coalesces many
/// devices' readings into requests bounded by records and bytes, sends them with a bounded number in
/// flight, retries a failed request with the same batch id, splits requests that are too large, and
/// parks records Databricks refuses as invalid. It never drops an accepted reading.
/// </summary>
public sealed class DeliveryBatcher : BackgroundService
{
    private readonly ITelemetrySink _sink;
    private readonly IDeliveryListener _listener;
    private readonly IngestMemoryBudget _budget;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryBatcher> _logger;
    private readonly IDeadLetterStore _deadLetters;
    private readonly DeliveryBatchPlanner _planner;
    private readonly LakegateMetrics _metrics;
    private readonly SemaphoreSlim _slots;
    private readonly System.Threading.Channels.Channel<bool> _wake =
        System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1)
        {
            FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite,
        });

    private readonly Lock _gate = new();
    private readonly List<(SinkBatch Batch, DateTimeOffset DueAt)> _retries = [];
    private readonly HashSet<SinkBatch> _inFlight = [];
    private long _inFlightRecords;
    private long _requestsSent;
    private long _recordsDelivered;
    private volatile bool _draining;

    public DeliveryBatcher(
        ITelemetrySink sink,
        IDeliveryListener listener,
        IngestMemoryBudget budget,
        IDeadLetterStore deadLetters,
        IOptions<DeliveryOptions> options,
        TimeProvider time,
        LakegateMetrics metrics,
        ILogger<DeliveryBatcher> logger)
    {
        _metrics = metrics;
        _sink = sink;
        _listener = listener;
        _budget = budget;
        _deadLetters = deadLetters;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _planner = new DeliveryBatchPlanner(_options.MaxRecordsPerRequest, _options.MaxBytesPerRequest);
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentRequests));
        metrics.ObserveDelivery(() => PendingRecords, () => OldestPendingReceivedAt);
    }

    /// <summary>Records handed over and not yet delivered (queued, waiting for retry, or in flight).</summary>
    public long PendingRecords
    {
        get
        {
            lock (_gate)
            {
                return _planner.QueuedRecords + Interlocked.Read(ref _inFlightRecords) + _retries.Sum(r => (long)r.Batch.Records.Count);
            }
        }
    }

    /// <summary>When the oldest reading not yet delivered was received; null when none is pending.</summary>
    public DateTimeOffset? OldestPendingReceivedAt
    {
        get
        {
            lock (_gate)
            {
                var oldest = _planner.OldestReceivedAt;
                foreach (var batch in _inFlight.Concat(_retries.Select(r => r.Batch)))
                {
                    foreach (var record in batch.Records)
                    {
                        oldest = oldest is null || record.ReceivedAt < oldest ? record.ReceivedAt : oldest;
                    }
                }

                return oldest;
            }
        }
    }

    /// <summary>Requests sent to the sink, retries included.</summary>
    public long RequestsSent => Interlocked.Read(ref _requestsSent);

    public long RecordsDelivered => Interlocked.Read(ref _recordsDelivered);

    /// <summary>Takes over a device's flushed readings. Never blocks.</summary>
    public void Enqueue(IReadOnlyList<TelemetryRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _planner.Add(records, _time.GetUtcNow());
        }

        _wake.Writer.TryWrite(true);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // A graceful stop delivers what it can before the host's shutdown deadline.
        _draining = true;
        _wake.Writer.TryWrite(true);
        try
        {
            while (PendingRecords > 0 && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        if (PendingRecords > 0)
        {
            _logger.LogWarning("Stopping with {Pending} readings not yet delivered", PendingRecords);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var batch = await NextBatchAsync(stoppingToken).ConfigureAwait(false);
                _ = SendAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<SinkBatch> NextBatchAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            DateTimeOffset? wakeAt;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                var retry = TakeDueRetry(now);
                if (retry is not null)
                {
                    Interlocked.Add(ref _inFlightRecords, retry.Records.Count);
                    _inFlight.Add(retry);
                    return retry;
                }

                var records = _planner.TakeBatch(now, _options.Linger, force: _draining);
                if (records is not null)
                {
                    Interlocked.Add(ref _inFlightRecords, records.Count);
                    var batch = new SinkBatch(Guid.NewGuid().ToString("N"), records);
                    _inFlight.Add(batch);
                    return batch;
                }

                wakeAt = Min(_planner.ReadyAt(_options.Linger), _retries.Count == 0 ? null : _retries.Min(r => r.DueAt));
            }

            await WaitAsync(wakeAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private SinkBatch? TakeDueRetry(DateTimeOffset now)
    {
        for (var i = 0; i < _retries.Count; i++)
        {
            if (_retries[i].DueAt <= now)
            {
                var batch = _retries[i].Batch;
                _retries.RemoveAt(i);
                return batch;
            }
        }

        return null;
    }

    private async Task WaitAsync(DateTimeOffset? wakeAt, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signal = _wake.Reader.WaitToReadAsync(wait.Token).AsTask();
        Task timer = Task.Delay(Timeout.InfiniteTimeSpan, _time, wait.Token);
        if (wakeAt is { } at)
        {
            var delay = at - _time.GetUtcNow();
            timer = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, wait.Token);
        }

        await Task.WhenAny(signal, timer).ConfigureAwait(false);
        await wait.CancelAsync().ConfigureAwait(false);
        while (_wake.Reader.TryRead(out _))
        {
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task SendAsync(SinkBatch batch, CancellationToken stoppingToken)
    {
        try
        {
            Interlocked.Increment(ref _requestsSent);
            SinkResult result;
            _metrics.BatchSent(batch.Records.Count);
            var handedOverAt = _time.GetTimestamp();
            using (var send = ReadingTraceContexts.StartSend(batch.Records))
            {
                send?.SetTag("lakegate.batch.records", batch.Records.Count);
                send?.SetTag("lakegate.batch.attempt", batch.Attempts + 1);
                try
                {
                    result = await _sink.SendAsync(batch, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    result = SinkResult.Retry(ex.Message);
                }

                send?.SetTag("lakegate.delivery.outcome", result.Outcome.ToString());
                if (result.Outcome != SinkOutcome.Delivered)
                {
                    send?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Reason);
                }
            }

            if (result.Outcome == SinkOutcome.Delivered)
            {
                _metrics.BatchDelivered(_time.GetElapsedTime(handedOverAt));
            }

            switch (result.Outcome)
            {
                case SinkOutcome.Delivered:
                    await CompleteAsync(batch.Records).ConfigureAwait(false);
                    break;
                case SinkOutcome.TooLarge:
                    await SplitAsync(batch, "request too large").ConfigureAwait(false);
                    break;
                case SinkOutcome.InvalidRecords:
                    await ParkInvalidAsync(batch, result).ConfigureAwait(false);
                    break;
                default:
                    ScheduleRetry(batch, result);
                    break;
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Delivery of batch {BatchId} failed unexpectedly; it will be retried", batch.BatchId);
            ScheduleRetry(batch, SinkResult.Retry("unexpected failure"));
        }
        finally
        {
            lock (_gate)
            {
                _inFlight.Remove(batch);
            }

            Interlocked.Add(ref _inFlightRecords, -batch.Records.Count);
            _slots.Release();
            _wake.Writer.TryWrite(true);
        }
    }

    private async Task CompleteAsync(IReadOnlyList<TelemetryRecord> records)
    {
        long bytes = 0;
        foreach (var record in records)
        {
            bytes += record.ApproximateBytes;
        }

        Interlocked.Add(ref _recordsDelivered, records.Count);
        _budget.Release(bytes);
        try
        {
            await _listener.OnDeliveredAsync(records, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Recording the delivery of {Count} readings failed", records.Count);
        }
    }

    private void ScheduleRetry(SinkBatch batch, SinkResult result)
    {
        batch.Attempts++;
        var delay = RetryDelay(batch.Attempts, result.RetryAfter);
        _logger.LogWarning(
            "Batch {BatchId} ({Count} readings) not delivered: {Reason}; attempt {Attempt}, retrying in {Delay}",
            batch.BatchId, batch.Records.Count, result.Reason, batch.Attempts, delay);
        lock (_gate)
        {
            _retries.Add((batch, _time.GetUtcNow() + delay));
        }
    }

    private TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter)
    {
        var backoff = _options.RetryDelay * Math.Pow(2, Math.Min(attempts - 1, 16));
        if (backoff > _options.MaxRetryDelay)
        {
            backoff = _options.MaxRetryDelay;
        }

        // Full jitter on the upper half keeps many silos from retrying in lock-step.
        backoff = backoff / 2 + backoff / 2 * Random.Shared.NextDouble();
        return retryAfter is { } asked && asked > backoff ? asked : backoff;
    }

    private async Task SplitAsync(SinkBatch batch, string reason)
    {
        if (batch.Records.Count == 1)
        {
            await ParkAsync(batch.Records, reason).ConfigureAwait(false);
            return;
        }

        var half = batch.Records.Count / 2;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _retries.Add((new SinkBatch(Guid.NewGuid().ToString("N"), batch.Records.Take(half).ToArray()), now));
            _retries.Add((new SinkBatch(Guid.NewGuid().ToString("N"), batch.Records.Skip(half).ToArray()), now));
        }
    }

    private async Task ParkInvalidAsync(SinkBatch batch, SinkResult result)
    {
        if (result.InvalidIndexes is not { Count: > 0 } invalid)
        {
            // Databricks refused the batch without naming records: narrow it down by halves.
            await SplitAsync(batch, result.Reason ?? "rejected as invalid").ConfigureAwait(false);
            return;
        }

        var bad = new HashSet<int>(invalid.Where(i => i >= 0 && i < batch.Records.Count));
        await ParkAsync(bad.Select(i => batch.Records[i]).ToArray(), result.Reason ?? "rejected as invalid").ConfigureAwait(false);
        var rest = batch.Records.Where((_, i) => !bad.Contains(i)).ToArray();
        if (rest.Length > 0)
        {
            lock (_gate)
            {
                _retries.Add((new SinkBatch(Guid.NewGuid().ToString("N"), rest), _time.GetUtcNow()));
            }
        }
    }

    private async Task ParkAsync(IReadOnlyList<TelemetryRecord> records, string reason)
    {
        var delay = _options.RetryDelay;
        while (true)
        {
            try
            {
                await _deadLetters.ParkAsync(records, reason, _time.GetUtcNow()).ConfigureAwait(false);
                break;
            }
            catch (Exception ex)
            {
                // Storage is down: the readings stay in the journal; keep trying rather than resend them.
                _logger.LogWarning("Parking {Count} dead letters failed, retrying in {Delay}: {Error}", records.Count, delay, ex.Message);
                await Task.Delay(delay, _time).ConfigureAwait(false);
                delay = delay * 2 > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay * 2;
            }
        }

        foreach (var record in records)
        {
            _logger.LogWarning("Reading {DeviceId}/{Seq} parked as a dead letter: {Reason}", record.DeviceId, record.Seq, reason);
            _budget.Release(record.ApproximateBytes);
        }
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}
