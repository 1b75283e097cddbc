using System.Collections.Concurrent;

namespace Lakegate.Resilience.Tests;

/// <summary>
/// Every reading the gateway acknowledged with 202: per device, its sequence number and the payload
/// it was sent with. What must land in Databricks exactly once.
/// </summary>
internal sealed class AcknowledgedReadings
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, string>> _byDevice = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Devices => _byDevice.Keys.ToArray();

    public long Count => _byDevice.Values.Sum(d => (long)d.Count);

    /// <summary>Records one acknowledged request: payload i got sequence number firstSeq + i.</summary>
    public void Add(string deviceId, long firstSeq, IReadOnlyList<string> payloads)
    {
        var device = _byDevice.GetOrAdd(deviceId, _ => new ConcurrentDictionary<long, string>());
        for (var i = 0; i < payloads.Count; i++)
        {
            if (!device.TryAdd(firstSeq + i, payloads[i]))
            {
                throw new InvalidOperationException($"The gateway acknowledged {deviceId}/{firstSeq + i} twice.");
            }
        }
    }

    /// <summary>The acknowledged readings of one device by sequence number.</summary>
    public IReadOnlyDictionary<long, string> Of(string deviceId) =>
        _byDevice.TryGetValue(deviceId, out var device) ? new SortedDictionary<long, string>(device) : new SortedDictionary<long, string>();
}
