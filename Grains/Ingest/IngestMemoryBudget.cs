namespace Lakegate.Grains.Ingest;

/// <summary>
/// The silo-wide budget of bytes held by accepted but undelivered readings. Ingest reserves before it
/// acknowledges; delivery releases. When it is spent the gateway answers 503 instead of growing.
/// </summary>
public sealed class IngestMemoryBudget(long limitBytes)
{
    private long _used;

    public long LimitBytes { get; } = limitBytes;

    public long UsedBytes => Interlocked.Read(ref _used);

    public bool TryReserve(long bytes)
    {
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used + bytes > LimitBytes && used > 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
