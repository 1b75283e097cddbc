using Lakegate.Grains.Audit;
using Lakegate.Grains.Credentials;
using Lakegate.Grains.Hosting;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Ingest;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Journal;
using Lakegate.Grains.Registry;
using Lakegate.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
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
    private static readonly TimeSpan RegistryLastSeenInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FailedAuthenticationWindow = TimeSpan.FromMinutes(1);
    private const int FailedAuthenticationBurst = 20;
    private const int MaxActiveKeys = 2;

    private readonly IPersistentState<DeviceState> _state;
    private readonly DeviceKeyVerifier _verifier;
    private readonly DeviceKeyIssuer _issuer;
    private readonly IngestOptions _options;
    private readonly DeliveryBatcher _delivery;
    private readonly IngestMemoryBudget _budget;
    private readonly IReadingJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger<DeviceGrain> _logger;
    private readonly IDeviceRegistry _registry;
    private readonly IDeadLetterStore _deadLetters;
    private readonly CredentialAudit _audit;
    private FailedAuthenticationCounter? _failedAuthentications;
    private readonly DeviceBuffer _buffer = new();
    private SequenceAllocator _sequence = null!;
    private IdempotencyWindow? _idempotency;
    private IGrainTimer? _flushTimer;
    private IGrainTimer? _keepAliveTimer;
    private bool _recovered;
    private long _activationFirstSeq;
    private SequenceRanges? _rebuffered;
    private DateTimeOffset _registryLastSeenWrittenAt = DateTimeOffset.MinValue;

    public DeviceGrain(
        [PersistentState(StateName, StorageName)] IPersistentState<DeviceState> state,
        DeviceKeyVerifier verifier,
        DeviceKeyIssuer issuer,
        IOptions<IngestOptions> options,
        DeliveryBatcher delivery,
        IngestMemoryBudget budget,
        IReadingJournal journal,
        IDeviceRegistry registry,
        IDeadLetterStore deadLetters,
        CredentialAudit audit,
        [FromKeyedServices(LakegateClock.ServiceKey)] TimeProvider time,
        ILogger<DeviceGrain> logger)
    {
        _registry = registry;
        _deadLetters = deadLetters;
        _audit = audit;
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
        _activationFirstSeq = State.SeqReservedThrough + 1;
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
            State.Accepted = counts.Accepted + await _deadLetters.CountAsync(DeviceId, cancellationToken);
            State.LastDeliveredAt = counts.LastDeliveredAt ?? State.LastDeliveredAt;
        }

        // A retry that reaches this activation after the previous one acknowledged (or only journaled)
        // the request is answered as the first time, not stored again under new sequence numbers.
        var remembered = await _journal.ReadRememberedRequestsAsync(DeviceId, _time.GetUtcNow() - _options.IdempotencyWindow, cancellationToken);
        foreach (var request in remembered)
        {
            _idempotency ??= new IdempotencyWindow(_options.IdempotencyWindow, _options.IdempotencyCapacity);
            _idempotency.Remember(
                request.IdempotencyKey,
                new IngestResult(IngestOutcome.Accepted, request.Accepted, request.FirstSeq, request.LastSeq, 0, false),
                request.ReceivedAt);
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
        Rebuffer(pending);
        _recovered = true;
    }

    private void Rebuffer(IReadOnlyList<TelemetryRecord> records)
    {
        foreach (var record in records)
        {
            (_rebuffered ??= new SequenceRanges()).Add(record.Seq);
        }

        _delivery.Enqueue(records);
        KeepAliveWhileUndelivered();
    }

    public async Task Recover()
    {
        if (!State.Exists || !_journal.IsDurable)
        {
            return;
        }

        if (!_recovered)
        {
            await RecoverJournalAsync(CancellationToken.None);
            return;
        }

        // A live activation sends rows that another activation of this device journaled after this one had
        // re-read the journal (while the cluster briefly ran both, e.g. on a silo it had not yet declared
        // dead). Their numbers are below this activation's first: the other one took them from an older block.
        var foreign = (await _journal.ReadDeviceAsync(DeviceId))
            .Where(r => r.Seq < _activationFirstSeq && _rebuffered?.Contains(r.Seq) != true)
            .ToList();
        if (foreign.Count == 0 || !_budget.TryReserve(foreign.Sum(r => (long)r.ApproximateBytes)))
        {
            return;
        }

        _logger.LogInformation("Device {DeviceId}: sending {Count} readings another activation journaled", DeviceId, foreign.Count);
        State.Accepted += foreign.Count;
        Rebuffer(foreign);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Flush();
        if (!State.Exists || (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && !_journal.IsDurable))
        {
            // In the embedded default the state dies with the process; its storage may already be gone.
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
            await OnFailedAuthenticationAsync(now);
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
        IngestResult? storedBefore = null;
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
                records[i] = new TelemetryRecord(DeviceId, first + i, reading.EventTime, request.ReceivedAt, reading.Payload, request.IdempotencyKey);
            }

            ReadingTraceContexts.Remember(records, System.Diagnostics.Activity.Current);
            if (await _journal.AppendAsync(records) == JournalAppendOutcome.AlreadyStored)
            {
                storedBefore = await StoredRequestAsync(request.IdempotencyKey!, records[0].Seq);
            }
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

        if (storedBefore is not null)
        {
            // Stored before under this Idempotency-Key: answered as then, and these records (and their
            // sequence numbers) are dropped.
            _budget.Release(bytes);
            _idempotency ??= new IdempotencyWindow(_options.IdempotencyWindow, _options.IdempotencyCapacity);
            _idempotency.Remember(request.IdempotencyKey!, storedBefore, now);
            return storedBefore with { Replayed = true };
        }

        var wasEmpty = _buffer.Count == 0;
        foreach (var record in records)
        {
            _buffer.Add(record, now);
        }

        var firstSeen = State.LastSeenAt is null;
        State.Accepted += count;
        State.LastSeenAt = now;
        key.LastUsedAt = now;
        if (firstSeen || now - _registryLastSeenWrittenAt >= RegistryLastSeenInterval)
        {
            // Last-seen reaches the registry at a coarse cadence, never as a write per request.
            _registryLastSeenWrittenAt = now;
            _ = UpdateRegistryInBackground(now);
        }

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

    /// <summary>
    /// The answer for a request the journal already held under its Idempotency-Key, or null when the stored
    /// request is this one (an earlier attempt of the same round committed it): then it is accepted as usual.
    /// </summary>
    /// <exception cref="JournalUnavailableException">The stored request cannot be read back (it is gone).</exception>
    private async Task<IngestResult?> StoredRequestAsync(string idempotencyKey, long firstSeq)
    {
        var stored = await _journal.ReadRememberedRequestAsync(DeviceId, idempotencyKey)
            ?? throw new JournalUnavailableException($"The request stored under an Idempotency-Key of device {DeviceId} could not be read back.");
        if (stored.FirstSeq == firstSeq)
        {
            return null;
        }

        _logger.LogInformation("Device {DeviceId}: a request stored before under the same Idempotency-Key is answered again", DeviceId);
        return new IngestResult(IngestOutcome.Accepted, stored.Accepted, stored.FirstSeq, stored.LastSeq, 0, false);
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
        await UpdateRegistryAsync(now);
        await _audit.RecordAsync(new AuditEntry(now, DeviceId, CredentialEvent.DeviceCreated, stored.KeyId, $"key expires {stored.ExpiresAt:O}"));
        return new ProvisionResult(true, issued);
    }

    public async Task<KeyIssueResult> AddKey(AddKeyRequest request)
    {
        if (!State.Exists)
        {
            return new KeyIssueResult(KeyIssueOutcome.DeviceNotFound, null);
        }

        var now = _time.GetUtcNow();
        var others = State.Keys.Where(k => k.IsActiveAt(now)).ToList();
        var revokeAt = request.RevokeOtherKeysAfterSeconds is { } grace ? now.AddSeconds(Math.Max(0, grace)) : (DateTimeOffset?)null;

        // At most two keys work at any moment: the others stay active through a grace period (or until they
        // expire), a key already scheduled for revocation included, so only "revoke the others now" makes room.
        var othersRevokedNow = revokeAt is { } immediate && immediate <= now;
        if (!othersRevokedNow && others.Count + 1 > MaxActiveKeys)
        {
            return new KeyIssueResult(KeyIssueOutcome.TooManyActiveKeys, null);
        }

        var (stored, issued) = _issuer.Issue(DeviceId, request.KeyLifetimeDays, now);
        if (revokeAt is { } at)
        {
            foreach (var other in others)
            {
                if (other.RevokedAt is null || other.RevokedAt > at)
                {
                    other.RevokedAt = at;
                }
            }
        }

        State.Keys.Add(stored);
        DropLongDeadKeys(now);
        await _state.WriteStateAsync();
        await UpdateRegistryAsync(now);
        await _audit.RecordAsync(new AuditEntry(now, DeviceId, CredentialEvent.KeyIssued, stored.KeyId, $"key expires {stored.ExpiresAt:O}"));
        if (revokeAt is { } scheduled)
        {
            foreach (var other in others)
            {
                var kind = scheduled <= now ? CredentialEvent.KeyRevoked : CredentialEvent.KeyRevocationScheduled;
                await _audit.RecordAsync(new AuditEntry(now, DeviceId, kind, other.KeyId, $"by rotation, effective {scheduled:O}"));
            }
        }

        return new KeyIssueResult(KeyIssueOutcome.Issued, issued);
    }

    public async Task<bool> RevokeKey(string keyId)
    {
        var key = State.Exists ? State.Keys.FirstOrDefault(k => k.KeyId == keyId) : null;
        if (key is null)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        if (key.RevokedAt is null || key.RevokedAt > now)
        {
            key.RevokedAt = now;
            await _state.WriteStateAsync();
            await UpdateRegistryAsync(now);
            await _audit.RecordAsync(new AuditEntry(now, DeviceId, CredentialEvent.KeyRevoked, keyId, "by operator"));
        }

        return true;
    }

    public async Task<bool> SetEnabled(bool enabled)
    {
        if (!State.Exists)
        {
            return false;
        }

        if (State.Enabled != enabled)
        {
            var now = _time.GetUtcNow();
            State.Enabled = enabled;
            await _state.WriteStateAsync();
            await UpdateRegistryAsync(now);
            await _audit.RecordAsync(new AuditEntry(now, DeviceId, enabled ? CredentialEvent.DeviceEnabled : CredentialEvent.DeviceDisabled, null, "by operator"));
        }

        return true;
    }

    private DeviceRegistryEntry RegistryEntry(DateTimeOffset now)
    {
        var active = State.Keys.Where(k => k.IsActiveAt(now)).ToList();
        DateTimeOffset? nextExpiry = active.Count == 0 ? null : active.Min(k => k.ExpiresAt);
        return new DeviceRegistryEntry(DeviceId, State.Enabled, State.CreatedAt, active.Count, nextExpiry, State.LastSeenAt);
    }

    private Task UpdateRegistryAsync(DateTimeOffset now)
    {
        _registryLastSeenWrittenAt = now;
        return _registry.UpsertAsync(RegistryEntry(now));
    }

    private async Task UpdateRegistryInBackground(DateTimeOffset now)
    {
        try
        {
            await _registry.UpsertAsync(RegistryEntry(now));
        }
        catch (Exception ex)
        {
            _logger.LogDebug("Registry update for device {DeviceId} deferred: {Error}", DeviceId, ex.Message);
            _registryLastSeenWrittenAt = DateTimeOffset.MinValue;
        }
    }

    /// <summary>Keys that expired or were revoked more than 30 days ago are forgotten, so state stays small.</summary>
    private void DropLongDeadKeys(DateTimeOffset now)
    {
        var cutoff = now.AddDays(-30);
        State.Keys.RemoveAll(k => k.ExpiresAt < cutoff || k.RevokedAt < cutoff);
    }

    private async Task OnFailedAuthenticationAsync(DateTimeOffset now)
    {
        if (!State.Exists)
        {
            // An unknown device costs one activation that goes away at once: floods do not pile up grains.
            DeactivateOnIdle();
            return;
        }

        _failedAuthentications ??= new FailedAuthenticationCounter(FailedAuthenticationBurst, FailedAuthenticationWindow);
        if (_failedAuthentications.Record(now) is { } burst)
        {
            await _audit.RecordAsync(new AuditEntry(now, DeviceId, CredentialEvent.FailedAuthenticationBurst, null, $"{burst} failed authentications within {FailedAuthenticationWindow}"));
        }
    }

    public async Task<DeviceSnapshot?> GetSnapshot()
    {
        if (!State.Exists)
        {
            return null;
        }

        var deadLettered = await _deadLetters.CountAsync(DeviceId);

        // In durable mode the journal's counts are exact; the grain's own are kept for back-pressure.
        if (_journal.IsDurable && await _journal.ReadCountsAsync(DeviceId) is { } counts)
        {
            State.Delivered = Math.Max(State.Delivered, counts.Delivered);
            State.LastDeliveredAt = counts.LastDeliveredAt ?? State.LastDeliveredAt;
            return Snapshot(counts.Accepted + deadLettered, counts.Delivered, counts.Pending, deadLettered);
        }

        return Snapshot(State.Accepted, State.Delivered, Math.Max(0, Undelivered - deadLettered), deadLettered);
    }

    public async Task<int> ReplayDeadLetters()
    {
        if (!State.Exists)
        {
            return 0;
        }

        var records = await _deadLetters.TakeAsync(DeviceId);
        if (records.Count > 0)
        {
            _budget.TryReserve(records.Sum(r => (long)r.ApproximateBytes));
            Rebuffer(records);
            _logger.LogInformation("Device {DeviceId}: {Count} dead letters sent again", DeviceId, records.Count);
        }

        return records.Count;
    }

    private DeviceSnapshot Snapshot(long accepted, long delivered, long buffered, long deadLettered)
    {
        var keys = State.Keys
            .Select(k => new KeySnapshot(k.KeyId, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.LastUsedAt))
            .ToArray();
        return new DeviceSnapshot(DeviceId, State.Enabled, keys, accepted, delivered, buffered, State.LastSeenAt, State.LastDeliveredAt, deadLettered);
    }

    public Task ConfirmDelivered(DeliveryReceipt receipt)
    {
        State.Delivered += receipt.Count;
        if (State.LastDeliveredAt is null || receipt.DeliveredAt > State.LastDeliveredAt)
        {
            State.LastDeliveredAt = receipt.DeliveredAt;
        }

        ReleaseKeepAliveWhenSettled();
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
        ReleaseKeepAliveWhenSettled();
        return Task.CompletedTask;
    }

    /// <summary>Once every accepted reading is delivered, an idle device holds no timer (about 0.4 KB each).</summary>
    private void ReleaseKeepAliveWhenSettled()
    {
        if (_keepAliveTimer is not null && Undelivered == 0 && _buffer.Count == 0)
        {
            _keepAliveTimer.Dispose();
            _keepAliveTimer = null;
        }
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

        if (_buffer.DueAt(_options.FlushMaxAge) is { } dueAt)
        {
            ArmFlushTimer(dueAt - now);
        }
        else
        {
            // An idle device holds no timer; the next reading arms a new one.
            _flushTimer?.Dispose();
            _flushTimer = null;
        }

        return Task.CompletedTask;
    }
}
