using Lakegate.Grains;
using Lakegate.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Lakegate.Silo;

/// <summary>The silo's wiring, shared by the standalone silo and the embedded default's co-hosted one.</summary>
public static class LakegateSiloConfiguration
{
    /// <summary>Stored state is keyed by this; it must never change once data exists.</summary>
    public const string ServiceId = "lakegate";

    public static string ClusterId(IConfiguration configuration) => configuration["Orleans:ClusterId"] ?? "lakegate";

    /// <summary>The embedded default: one process, localhost clustering, state in memory.</summary>
    public static ISiloBuilder UseLakegateEmbedded(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.UseLocalhostClustering(
            siloPort: configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
            gatewayPort: configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT),
            serviceId: ServiceId,
            clusterId: ClusterId(configuration));
        silo.AddMemoryGrainStorage(DeviceGrain.StorageName);
        return silo.AddLakegateGrains(configuration);
    }

    /// <summary>What every Lakegate silo has, whatever its clustering and storage.</summary>
    public static ISiloBuilder AddLakegateGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Configure<GrainCollectionOptions>(o =>
        {
            var age = configuration.GetValue<TimeSpan?>("Orleans:GrainCollectionAge");
            if (age is { } collectionAge)
            {
                o.CollectionAge = collectionAge;
            }
        });
        silo.ConfigureServices(services => services.AddLakegateGrainServices(configuration));
        return silo;
    }
}
