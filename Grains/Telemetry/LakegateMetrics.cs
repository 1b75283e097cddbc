using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Lakegate.Grains.Telemetry;

/// <summary>
/// The gateway's instruments, all on the one meter "Lakegate". Tags are low-cardinality by design:
/// a rejection reason, a sink error kind, a credential profile name; never a device id, key or token.
/// </summary>
public sealed class LakegateMetrics
{
    public const string MeterName = "Lakegate";

    private readonly Counter<long> _readingsAccepted;
    private readonly Counter<long> _requestsRejected;
    private readonly Histogram<double> _deliveryDuration;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _sinkErrors;
    private readonly Counter<long> _tokenRefreshes;
    private readonly Counter<long> _tokenRefreshFailures;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokenExpiries = new(StringComparer.Ordinal);
    private Func<long>? _pendingRecords;
    private Func<DateTimeOffset?>? _oldestPendingReceivedAt;
    private Func<long?>? _devicesWithKeysExpiringSoon;

    public LakegateMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        Meter = meters.Create(MeterName);
        _readingsAccepted = Meter.CreateCounter<long>(
            "lakegate.readings.accepted", "{reading}", "Readings accepted from devices (idempotent replays not counted again).");
        _requestsRejected = Meter.CreateCounter<long>(
            "lakegate.requests.rejected", "{request}", "Telemetry requests refused, by reason.");
        _deliveryDuration = Meter.CreateHistogram<double>(
            "lakegate.delivery.duration", "ms", "Time from handing a batch to the Databricks sink until it is delivered.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000] });
        _batchSize = Meter.CreateHistogram<int>(
            "lakegate.delivery.batch.size", "{reading}", "Readings per Databricks request.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
        _sinkErrors = Meter.CreateCounter<long>(
            "lakegate.sink.errors", "{error}", "Databricks requests that did not deliver, by kind.");
        _tokenRefreshes = Meter.CreateCounter<long>(
            "lakegate.token.refreshes", "{refresh}", "Databricks tokens obtained from the token endpoint.");
        _tokenRefreshFailures = Meter.CreateCounter<long>(
            "lakegate.token.refresh.failures", "{failure}", "Databricks token requests that failed.");
        Meter.CreateObservableGauge(
            "lakegate.delivery.pending", ObservePendingRecords, "{reading}", "Readings handed to delivery and not yet delivered (queued, retrying or in flight).");
        Meter.CreateObservableGauge(
            "lakegate.delivery.lag", ObserveDeliveryLag, "s", "Age of the oldest reading handed to delivery and not yet delivered; 0 when none.");
        Meter.CreateObservableGauge(
            "lakegate.token.time_to_expiry", ObserveTokenTimeToExpiry, "s", "Seconds until the last Databricks token this silo obtained expires, by profile.");
        Meter.CreateObservableGauge(
            "lakegate.devices.keys_expiring", ObserveDevicesWithKeysExpiringSoon, "{device}",
            $"Devices whose soonest-expiring active key expires within {ExpiringKeysGauge.WithinDays} days (refreshed at most once a minute).");
    }

    public Meter Meter { get; }

    public void ReadingsAccepted(int count) => _readingsAccepted.Add(count);

    /// <param name="reason">One of <see cref="RejectionReason"/>.</param>
    public void RequestRejected(string reason) => _requestsRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void BatchSent(int records) => _batchSize.Record(records);

    public void BatchDelivered(TimeSpan elapsed) => _deliveryDuration.Record(elapsed.TotalMilliseconds);

    /// <param name="kind">One of <see cref="SinkErrorKind"/>.</param>
    public void SinkError(string kind) => _sinkErrors.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void TokenRefreshed(string profile, DateTimeOffset expiresAt)
    {
        _tokenExpiries[profile] = expiresAt;
        _tokenRefreshes.Add(1, new KeyValuePair<string, object?>("profile", profile));
    }

    public void TokenRefreshFailed(string profile) => _tokenRefreshFailures.Add(1, new KeyValuePair<string, object?>("profile", profile));

    /// <summary>Called once by the silo's delivery pipeline; the gauges read it on collection only.</summary>
    public void ObserveDelivery(Func<long> pendingRecords, Func<DateTimeOffset?> oldestPendingReceivedAt)
    {
        _pendingRecords = pendingRecords;
        _oldestPendingReceivedAt = oldestPendingReceivedAt;
    }

    /// <summary>Called once by <see cref="ExpiringKeysGauge"/>; null from the source means "not counted yet".</summary>
    public void ObserveDevicesWithKeysExpiringSoon(Func<long?> count) => _devicesWithKeysExpiringSoon = count;

    private IEnumerable<Measurement<long>> ObservePendingRecords() =>
        _pendingRecords is { } pending ? [new Measurement<long>(pending())] : [];

    private IEnumerable<Measurement<double>> ObserveDeliveryLag()
    {
        if (_oldestPendingReceivedAt is not { } oldest)
        {
            return [];
        }

        var lag = oldest() is { } receivedAt ? Math.Max(0, (_time.GetUtcNow() - receivedAt).TotalSeconds) : 0;
        return [new Measurement<double>(lag)];
    }

    private IEnumerable<Measurement<double>> ObserveTokenTimeToExpiry()
    {
        var now = _time.GetUtcNow();
        foreach (var (profile, expiresAt) in _tokenExpiries)
        {
            yield return new Measurement<double>((expiresAt - now).TotalSeconds, new KeyValuePair<string, object?>("profile", profile));
        }
    }

    private IEnumerable<Measurement<long>> ObserveDevicesWithKeysExpiringSoon() =>
        _devicesWithKeysExpiringSoon?.Invoke() is { } count ? [new Measurement<long>(count)] : [];
}
