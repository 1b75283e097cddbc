using System.Globalization;

namespace Lakegate.FleetSim.Load;

/// <summary>Counts the outcome of every HTTP attempt: status codes, timeouts and connection failures.</summary>
public sealed class StatusCodeCounter
{
    public const string TimeoutKey = "timeout";
    public const string ConnectionFailureKey = "connection-error";

    private readonly long[] _byStatus = new long[600];
    private long _timeouts;
    private long _connectionFailures;

    public void Record(int statusCode)
    {
        if ((uint)statusCode < (uint)_byStatus.Length)
        {
            Interlocked.Increment(ref _byStatus[statusCode]);
        }
    }

    public void RecordTimeout() => Interlocked.Increment(ref _timeouts);

    public void RecordConnectionFailure() => Interlocked.Increment(ref _connectionFailures);

    public long Count(int statusCode) => Interlocked.Read(ref _byStatus[statusCode]);

    /// <summary>Non-zero counts keyed by status code text ("202", "429", ...) then "timeout" and "connection-error".</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var counts = new Dictionary<string, long>();
        for (var code = 0; code < _byStatus.Length; code++)
        {
            var n = Interlocked.Read(ref _byStatus[code]);
            if (n > 0)
            {
                counts[code.ToString(CultureInfo.InvariantCulture)] = n;
            }
        }

        if (Interlocked.Read(ref _timeouts) is var timeouts and > 0)
        {
            counts[TimeoutKey] = timeouts;
        }

        if (Interlocked.Read(ref _connectionFailures) is var failures and > 0)
        {
            counts[ConnectionFailureKey] = failures;
        }

        return counts;
    }
}
