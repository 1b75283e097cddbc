namespace Lakegate.Grains.Registry;

/// <summary>The fleet-wide device table operators query without waking every grain.</summary>
public interface IDeviceRegistry
{
    Task UpsertAsync(DeviceRegistryEntry entry, CancellationToken cancellationToken = default);

    Task<DeviceQueryPage> QueryAsync(DeviceQuery query, CancellationToken cancellationToken = default);
}
