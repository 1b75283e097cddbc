using Lakegate.Api.Ingest;
using Lakegate.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace Lakegate.Api.Tests;

public sealed class DeviceGrainReferencesTests(LakegateApiFixture api) : IClassFixture<LakegateApiFixture>
{
    [Theory]
    [InlineData("reference-1")]
    [InlineData("sensor/with:odd chars")]
    public async Task A_reference_built_from_the_cached_types_is_the_device_grain_GetGrain_gives(string deviceId)
    {
        var grains = api.Host.Services.GetRequiredService<IGrainFactory>();
        var built = api.Host.Services.GetRequiredService<DeviceGrainReferences>().For(deviceId);
        var usual = grains.GetGrain<IDeviceGrain>(deviceId);
        Assert.Equal(usual.GetGrainId(), built.GetGrainId());
        Assert.Equal(((GrainReference)usual).InterfaceType, ((GrainReference)built).InterfaceType);

        // And it reaches the same activation: the device provisioned through one is seen through the other.
        var provisioned = await usual.Provision(new ProvisionRequest(null));
        Assert.True(provisioned.Created);
        Assert.Equal(deviceId, (await built.GetSnapshot())!.DeviceId);
    }
}
