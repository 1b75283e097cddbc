using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Ingest;

/// <summary>
/// Device grain references for the ingest hot path. <c>GetGrain&lt;IDeviceGrain&gt;(id)</c> resolves the grain
/// interface from its attributes on every call; this resolves the grain and interface types once (from the
/// first reference the factory makes) and then builds each reference from its grain id.
/// </summary>
public sealed class DeviceGrainReferences(IGrainFactory grains)
{
    private readonly Lazy<(GrainType Grain, GrainInterfaceType Interface)> _types = new(() =>
    {
        var template = (GrainReference)grains.GetGrain<IDeviceGrain>("device-type-template");
        return (template.GrainId.Type, template.InterfaceType);
    });

    public IDeviceGrain For(string deviceId)
    {
        var (grain, @interface) = _types.Value;
        return (IDeviceGrain)grains.GetGrain(GrainId.Create(grain, deviceId), @interface);
    }
}
