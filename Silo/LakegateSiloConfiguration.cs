using Lakegate.Grains;
using Lakegate.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Lakegate.Silo.Postgres;
using Orleans.Configuration;
using Orleans.Serialization;

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

    /// <summary>Durable mode: membership, grain state and the reading journal in PostgreSQL.</summary>
    public static ISiloBuilder UseLakegateDurable(this ISiloBuilder silo, IConfiguration configuration, string connectionString)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = ServiceId;
            o.ClusterId = ClusterId(configuration);
        });
        var siloPort = configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        var listenOnAny = configuration.GetValue("Orleans:ListenOnAnyHostAddress", false);
        if (configuration["Orleans:AdvertisedIP"] is { Length: > 0 } advertised)
        {
            silo.ConfigureEndpoints(System.Net.IPAddress.Parse(advertised), siloPort, gatewayPort, listenOnAny);
        }
        else
        {
            silo.ConfigureEndpoints(siloPort, gatewayPort, listenOnAnyHostAddress: listenOnAny);
        }
        silo.UseLakegatePostgres(connectionString);
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
        silo.AddActivityPropagation();
        silo.AddIncomingGrainCallFilter<StorageFailureCallFilter>();
        silo.Services.Configure<ExceptionSerializationOptions>(AllowLakegateExceptions);
        silo.ConfigureServices(services => services.AddLakegateGrainServices(configuration));
        return silo;
    }

    /// <summary>A process that is only a cluster client (the Api in durable mode): gateways from the Postgres membership table.</summary>
    public static IClientBuilder UseLakegateCluster(this IClientBuilder client, IConfiguration configuration, string connectionString)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = ServiceId;
            o.ClusterId = ClusterId(configuration);
        });
        client.UseLakegatePostgresClustering(connectionString);
        client.AddActivityPropagation();
        client.Services.Configure<ExceptionSerializationOptions>(AllowLakegateExceptions);
        client.Configure<ClientMessagingOptions>(o =>
            o.ResponseTimeout = configuration.GetValue("Orleans:ResponseTimeout", TimeSpan.FromSeconds(30)));
        var connectFor = configuration.GetValue("Orleans:ClientConnectTimeout", TimeSpan.FromMinutes(2));
        client.UseConnectionRetryFilter(new ClusterConnectionRetry(connectFor).ShouldRetryAsync);
        return client;
    }

    /// <summary>
    /// Lets the storage driver's and Lakegate's own exceptions cross the wire between silo and client. Failures a
    /// grain method throws are translated by <see cref="StorageFailureCallFilter"/>, but one raised while a grain
    /// activates (its state or journal unreadable) reaches the caller as is, and without a codec the caller would
    /// get a serialization failure instead of the cause.
    /// </summary>
    private static void AllowLakegateExceptions(ExceptionSerializationOptions options)
    {
        options.SupportedNamespacePrefixes.Add("Npgsql");
        options.SupportedNamespacePrefixes.Add("Lakegate");
    }
}
