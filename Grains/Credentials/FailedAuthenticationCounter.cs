namespace Lakegate.Grains.Credentials;

/// <summary>Counts failed authentications in a sliding window and reports a burst once per window.</summary>
public sealed class FailedAuthenticationCounter(int burst, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _failures = new();
    private DateTimeOffset _reportedUntil = DateTimeOffset.MinValue;

    /// <summary>Records a failure; returns the count when it makes a burst that has not been reported yet.</summary>
    public int? Record(DateTimeOffset now)
    {
        _failures.Enqueue(now);
        while (_failures.Count > 0 && _failures.Peek() <= now - window)
        {
            _failures.Dequeue();
        }

        if (_failures.Count >= burst && now >= _reportedUntil)
        {
            _reportedUntil = now + window;
            return _failures.Count;
        }

        return null;
    }
}
