using System.Collections.Concurrent;

namespace Lakegate.Grains.Registry;

/// <summary>The embedded default's registry: one process, so a dictionary suffices.</summary>
public sealed class InMemoryDeviceRegistry : IDeviceRegistry
{
    private readonly ConcurrentDictionary<string, DeviceRegistryEntry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public Task UpsertAsync(DeviceRegistryEntry entry, CancellationToken cancellationToken = default)
    {
        _entries[entry.DeviceId] = entry;
        return Task.CompletedTask;
    }

    public Task<DeviceQueryPage> QueryAsync(DeviceQuery query, CancellationToken cancellationToken = default)
    {
        var page = _entries.Values
            .Where(query.Matches)
            .OrderBy(e => e.DeviceId, StringComparer.Ordinal)
            .Take(query.Limit + 1)
            .ToList();
        var more = page.Count > query.Limit;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        return Task.FromResult(new DeviceQueryPage(page, more ? page[^1].DeviceId : null));
    }
}
