using Lakegate.Grains.Credentials;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Ingest;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains;

/// <summary>
/// Coordinates one device: authenticates each request against the device's keys, numbers its readings,
/// journals and buffers them, and hands full or old buffers to the silo's delivery pipeline without
/// waiting for Databricks.
/// </summary>
public sealed class DeviceGrain : Grain, IDeviceGrain
{
    public const string StateName = "device";
    public const string StorageName = "devices";
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    private readonly IPersistentState<DeviceState> _state;
    private readonly DeviceKeyVerifier _verifier;
    private readonly DeviceKeyIssuer _issuer;
    private readonly IngestOptions _options;
    private readonly DeliveryBatcher _delivery;
    private readonly IngestMemoryBudget _budget;
    private readonly IReadingJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger<DeviceGrain> _logger;
    private readonly DeviceBuffer _buffer = new();
    private SequenceAllocator _sequence = null!;
    private IdempotencyWindow? _idempotency;
    private IGrainTimer? _flushTimer;
    private IGrainTimer? _keepAliveTimer;
    private bool _recovered;

    public DeviceGrain(
        [PersistentState(StateName, StorageName)] IPersistentState<DeviceState> state,
        DeviceKeyVerifier verifier,
        DeviceKeyIssuer issuer,
        IOptions<IngestOptions> options,
        DeliveryBatcher delivery,
        IngestMemoryBudget budget,
        IReadingJournal journal,
        TimeProvider time,
        ILogger<DeviceGrain> logger)
    {
        _state = state;
        _verifier = verifier;
        _issuer = issuer;
        _options = options.Value;
        _delivery = delivery;
        _budget = budget;
        _journal = journal;
        _time = time;
        _logger = logger;
    }

    private string DeviceId => this.GetPrimaryKeyString();

    private DeviceState State => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _sequence = new SequenceAllocator(State.SeqReservedThrough, _options.SequenceBlockSize);
        if (State.Exists && _journal.IsDurable)
        {
            await RecoverJournalAsync(cancellationToken);
        }
    }

    /// <summary>
    /// A new activation owns every row the journal holds for this device: the previous activation is
    /// gone (deactivated, or its silo died). Its rows are re-buffered; a row that is also still on its
    /// way from the old activation is delivered twice and stored once, by (device_id, seq).
    /// </summary>
    private async Task RecoverJournalAsync(CancellationToken cancellationToken)
    {
        if (await _journal.ReadCountsAsync(DeviceId, cancellationToken) is { } counts)
        {
            State.Delivered = counts.Delivered;
            State.Accepted = counts.Accepted;
            State.LastDeliveredAt = counts.LastDeliveredAt ?? State.LastDeliveredAt;
        }

        var pending = await _journal.ReadDeviceAsync(DeviceId, cancellationToken);
        if (pending.Count == 0)
        {
            _recovered = true;
            return;
        }

        long bytes = 0;
        foreach (var record in pending)
        {
            bytes += record.ApproximateBytes;
        }

        if (!_budget.TryReserve(bytes))
        {
            // The silo is full: the journal keeps the rows and the sweep wakes this grain again.
            _logger.LogWarning("Device {DeviceId}: {Count} journaled readings wait for memory before re-delivery", DeviceId, pending.Count);
            return;
        }

        _logger.LogInformation("Device {DeviceId}: re-buffering {Count} undelivered readings from the journal", DeviceId, pending.Count);
        _delivery.Enqueue(pending);
        _recovered = true;
        KeepAliveWhileUndelivered();
    }

    public async Task Recover()
    {
        if (!_recovered && State.Exists && _journal.IsDurable)
        {
            await RecoverJournalAsync(CancellationToken.None);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Flush();
        if (!State.Exists)
        {
            return;
        }

        // A clean stop gives back the unused part of the sequence block.
        State.SeqReservedThrough = _sequence.HandedOutThrough;
        try
        {
            await _state.WriteStateAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not save device {DeviceId} on deactivation", DeviceId);
        }
    }

    public async Task<IngestResult> Ingest(IngestRequest request)
    {
        var now = _time.GetUtcNow();
        var key = _verifier.Verify(DeviceId, State.Exists ? State.Keys : [], request.PresentedKey, now);
        if (key is null || !State.Exists)
        {
            return IngestResult.Rejected(IngestOutcome.Unauthorized);
        }

        if (!State.Enabled)
        {
            return IngestResult.Rejected(IngestOutcome.Disabled);
        }

        if (request.IdempotencyKey is { } idempotencyKey && _idempotency is not null && _idempotency.TryGet(idempotencyKey, now, out var earlier))
        {
            return earlier;
        }

        var count = request.Readings.Count;
        if (Undelivered + count > _options.MaxUndeliveredReadingsPerDevice)
        {
            return IngestResult.Rejected(IngestOutcome.DeviceBufferFull, _options.DeviceRetryAfterSeconds);
        }

        long bytes = 0;
        foreach (var reading in request.Readings)
        {
            bytes += TelemetryRecord.OverheadBytes + DeviceId.Length + reading.Payload.Length;
        }

        if (!_budget.TryReserve(bytes))
        {
            return IngestResult.Rejected(IngestOutcome.GatewayBusy, _options.GatewayRetryAfterSeconds);
        }

        TelemetryRecord[] records;
        try
        {
            if (_sequence.ReservationNeededFor(count) is { } reserveThrough)
            {
                State.SeqReservedThrough = reserveThrough;
                await _state.WriteStateAsync();
                _sequence.Reserved(reserveThrough);
            }

            var (first, _) = _sequence.Take(count);
            records = new TelemetryRecord[count];
            for (var i = 0; i < count; i++)
            {
                var reading = request.Readings[i];
                records[i] = new TelemetryRecord(DeviceId, first + i, reading.EventTime, request.ReceivedAt, reading.Payload);
            }

            await _journal.AppendAsync(records);
        }
        catch (Exception ex)
        {
            _budget.Release(bytes);
            State.SeqReservedThrough = _sequence.ReservedThrough;
            _logger.LogWarning("Ingest for device {DeviceId} refused, storage unavailable: {Error}", DeviceId, ex.Message);
            if (ex is Orleans.Storage.InconsistentStateException)
            {
                DeactivateOnIdle();
            }

            return IngestResult.Rejected(IngestOutcome.GatewayBusy, _options.GatewayRetryAfterSeconds);
        }

        var wasEmpty = _buffer.Count == 0;
        foreach (var record in records)
        {
            _buffer.Add(record, now);
        }

        State.Accepted += count;
        State.LastSeenAt = now;
        key.LastUsedAt = now;

        if (_buffer.IsFull(_options.FlushMaxReadings))
        {
            Flush();
        }
        else if (wasEmpty)
        {
            ArmFlushTimer(_options.FlushMaxAge);
        }

        KeepAliveWhileUndelivered();

        var result = new IngestResult(IngestOutcome.Accepted, count, records[0].Seq, records[^1].Seq, 0, false);
        if (request.IdempotencyKey is { } keyToRemember)
        {
            _idempotency ??= new IdempotencyWindow(_options.IdempotencyWindow, _options.IdempotencyCapacity);
            _idempotency.Remember(keyToRemember, result, now);
        }

        return result;
    }

    public async Task<ProvisionResult> Provision(ProvisionRequest request)
    {
        if (State.Exists)
        {
            return new ProvisionResult(false, null);
        }

        var now = _time.GetUtcNow();
        var (stored, issued) = _issuer.Issue(DeviceId, request.KeyLifetimeDays, now);
        State.Exists = true;
        State.Enabled = true;
        State.CreatedAt = now;
        State.Keys = [stored];
        await _state.WriteStateAsync();
        _logger.LogInformation("Device {DeviceId} provisioned with key {KeyId}, expiring {ExpiresAt:O}", DeviceId, stored.KeyId, stored.ExpiresAt);
        return new ProvisionResult(true, issued);
    }

    public async Task<DeviceSnapshot?> GetSnapshot()
    {
        if (!State.Exists)
        {
            return null;
        }

        // In durable mode the journal's counts are exact; the grain's own are kept for back-pressure.
        if (_journal.IsDurable && await _journal.ReadCountsAsync(DeviceId) is { } counts)
        {
            State.Delivered = Math.Max(State.Delivered, counts.Delivered);
            State.LastDeliveredAt = counts.LastDeliveredAt ?? State.LastDeliveredAt;
            return Snapshot(counts.Accepted, counts.Delivered, counts.Pending);
        }

        return Snapshot(State.Accepted, State.Delivered, Undelivered);
    }

    private DeviceSnapshot Snapshot(long accepted, long delivered, long buffered)
    {
        var keys = State.Keys
            .Select(k => new KeySnapshot(k.KeyId, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.LastUsedAt))
            .ToArray();
        return new DeviceSnapshot(DeviceId, State.Enabled, keys, accepted, delivered, buffered, State.LastSeenAt, State.LastDeliveredAt);
    }

    public Task ConfirmDelivered(DeliveryReceipt receipt)
    {
        State.Delivered += receipt.Count;
        if (State.LastDeliveredAt is null || receipt.DeliveredAt > State.LastDeliveredAt)
        {
            State.LastDeliveredAt = receipt.DeliveredAt;
        }

        return Task.CompletedTask;
    }

    private long Undelivered => Math.Max(0, State.Accepted - State.Delivered);

    private void Flush()
    {
        if (_buffer.Count > 0)
        {
            _delivery.Enqueue(_buffer.Drain());
        }
    }

    /// <summary>A grain with readings on their way is not collected, so it is there to count their delivery.</summary>
    private void KeepAliveWhileUndelivered()
    {
        _keepAliveTimer ??= this.RegisterGrainTimer(
            OnKeepAliveTimer,
            new GrainTimerCreationOptions(KeepAlivePeriod, KeepAlivePeriod) { KeepAlive = true });
    }

    private Task OnKeepAliveTimer(CancellationToken cancellationToken)
    {
        if (Undelivered == 0 && _buffer.Count == 0)
        {
            _keepAliveTimer?.Dispose();
            _keepAliveTimer = null;
        }

        return Task.CompletedTask;
    }

    private void ArmFlushTimer(TimeSpan dueIn)
    {
        _flushTimer ??= this.RegisterGrainTimer(
            OnFlushTimer,
            new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        _flushTimer.Change(dueIn, Timeout.InfiniteTimeSpan);
    }

    private Task OnFlushTimer(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_buffer.IsDue(now, _options.FlushMaxAge))
        {
            Flush();
        }
        else if (_buffer.DueAt(_options.FlushMaxAge) is { } dueAt)
        {
            ArmFlushTimer(dueAt - now);
        }

        return Task.CompletedTask;
    }
}
