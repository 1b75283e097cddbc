namespace Lakegate.DatabricksEmulator;

/// <summary>
/// What the emulated workspace received: the stored records (de-duplicated by <c>(device_id, seq)</c>),
/// the counters, and the issued tokens. Thread-safe.
/// </summary>
public sealed class EmulatorState
{
    private readonly Lock storeLock = new();
    private readonly Dictionary<string, Dictionary<long, EmulatorRecord>> recordsByDevice = new(StringComparer.Ordinal);

    private long recordCount;
    private long duplicateCount;
    private long batchCount;
    private long appRequestCount;
    private long tokenGrantCount;
    private long tokenRequestCount;
    private long bytesReceived;
    private long sqlStatementCount;

    /// <summary>Distinct <c>(device_id, seq)</c> records stored.</summary>
    public long RecordCount => Interlocked.Read(ref recordCount);

    /// <summary>Records received again after one with the same <c>(device_id, seq)</c> was stored; not stored again.</summary>
    public long DuplicateCount => Interlocked.Read(ref duplicateCount);

    /// <summary>App ingest requests whose batch was accepted and stored.</summary>
    public long BatchCount => Interlocked.Read(ref batchCount);

    /// <summary>Every request under <c>/apps/</c>, whatever its answer (rejected ones included).</summary>
    public long AppRequestCount => Interlocked.Read(ref appRequestCount);

    /// <summary>Successful client-credentials grants (tokens issued).</summary>
    public long TokenGrantCount => Interlocked.Read(ref tokenGrantCount);

    /// <summary>Every request to the token endpoint, whatever its answer.</summary>
    public long TokenRequestCount => Interlocked.Read(ref tokenRequestCount);

    /// <summary>Bytes of App ingest request bodies read.</summary>
    public long BytesReceived => Interlocked.Read(ref bytesReceived);

    /// <summary>SQL statements submitted to the Statement Execution API (well-formed requests).</summary>
    public long SqlStatementCount => Interlocked.Read(ref sqlStatementCount);

    /// <summary>Devices that have at least one stored record.</summary>
    public IReadOnlyCollection<string> DeviceIds
    {
        get
        {
            lock (storeLock)
            {
                return recordsByDevice.Keys.ToArray();
            }
        }
    }

    /// <summary>Number of access tokens currently known to the token registry (valid or recently expired).</summary>
    public int IssuedTokenCount => Tokens.Count;

    internal IssuedTokenRegistry Tokens { get; } = new();

    internal SqlStatementRegistry Statements { get; } = new();

    /// <summary>The stored records of one device, ordered by <c>seq</c>; empty for an unknown device.</summary>
    public IReadOnlyList<EmulatorRecord> GetRecords(string deviceId)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        lock (storeLock)
        {
            if (!recordsByDevice.TryGetValue(deviceId, out var records))
            {
                return [];
            }

            var ordered = records.Values.ToArray();
            Array.Sort(ordered, static (left, right) => left.Seq.CompareTo(right.Seq));
            return ordered;
        }
    }

    /// <summary>Invalidates every access token issued so far; they are answered 403 "Invalid access token." from now on.</summary>
    /// <returns>How many tokens were invalidated.</returns>
    public int RevokeAllTokens() => Tokens.RevokeAll();

    /// <summary>Forgets all stored records and SQL statements and sets every counter to zero. Issued tokens stay valid.</summary>
    public void Reset()
    {
        Statements.Clear();
        lock (storeLock)
        {
            recordsByDevice.Clear();
            Interlocked.Exchange(ref recordCount, 0);
            Interlocked.Exchange(ref duplicateCount, 0);
        }

        Interlocked.Exchange(ref batchCount, 0);
        Interlocked.Exchange(ref appRequestCount, 0);
        Interlocked.Exchange(ref tokenGrantCount, 0);
        Interlocked.Exchange(ref tokenRequestCount, 0);
        Interlocked.Exchange(ref bytesReceived, 0);
        Interlocked.Exchange(ref sqlStatementCount, 0);
    }

    /// <summary>Stores the records whose <c>(device_id, seq)</c> is new, in order, and counts the others as duplicates.</summary>
    internal RecordStoreOutcome Store(IReadOnlyList<EmulatorRecord> records)
    {
        var stored = 0;
        var duplicates = 0;
        lock (storeLock)
        {
            foreach (var record in records)
            {
                if (!recordsByDevice.TryGetValue(record.DeviceId, out var deviceRecords))
                {
                    deviceRecords = [];
                    recordsByDevice.Add(record.DeviceId, deviceRecords);
                }

                if (deviceRecords.TryAdd(record.Seq, record))
                {
                    stored++;
                }
                else
                {
                    duplicates++;
                }
            }

            Interlocked.Add(ref recordCount, stored);
            Interlocked.Add(ref duplicateCount, duplicates);
        }

        return new RecordStoreOutcome(stored, duplicates);
    }

    internal void CountBatch() => Interlocked.Increment(ref batchCount);

    internal void CountAppRequest() => Interlocked.Increment(ref appRequestCount);

    internal void CountTokenGrant() => Interlocked.Increment(ref tokenGrantCount);

    internal void CountTokenRequest() => Interlocked.Increment(ref tokenRequestCount);

    internal void CountSqlStatement() => Interlocked.Increment(ref sqlStatementCount);

    internal void AddBytesReceived(long count) => Interlocked.Add(ref bytesReceived, count);
}
