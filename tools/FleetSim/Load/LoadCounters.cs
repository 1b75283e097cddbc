namespace Lakegate.FleetSim.Load;

/// <summary>Running totals of the sending phase, updated by all workers and read by the progress reporter.</summary>
public sealed class LoadCounters
{
    private long _requestsSent;
    private long _retries;
    private long _readingsSent;
    private long _readingsAccepted;
    private long _requestsAccepted;
    private long _failedRequests;
    private long _failedReadings;

    /// <summary>HTTP attempts, retries included.</summary>
    public long RequestsSent => Interlocked.Read(ref _requestsSent);

    /// <summary>Attempts that repeated an earlier request with the same idempotency key.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Readings put into requests (each counted once however often its request was retried).</summary>
    public long ReadingsSent => Interlocked.Read(ref _readingsSent);

    /// <summary>Readings the gateway answered 202 for.</summary>
    public long ReadingsAccepted => Interlocked.Read(ref _readingsAccepted);

    /// <summary>Requests that ended in 202.</summary>
    public long RequestsAccepted => Interlocked.Read(ref _requestsAccepted);

    /// <summary>Requests given up: a status other than 202, or retries exhausted.</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>Readings in requests that were given up.</summary>
    public long FailedReadings => Interlocked.Read(ref _failedReadings);

    public void AttemptSent() => Interlocked.Increment(ref _requestsSent);

    public void RetryScheduled() => Interlocked.Increment(ref _retries);

    public void ReadingsDispatched(int count) => Interlocked.Add(ref _readingsSent, count);

    public void RequestAccepted(int readings)
    {
        Interlocked.Increment(ref _requestsAccepted);
        Interlocked.Add(ref _readingsAccepted, readings);
    }

    public void RequestFailed(int readings)
    {
        Interlocked.Increment(ref _failedRequests);
        Interlocked.Add(ref _failedReadings, readings);
    }
}
