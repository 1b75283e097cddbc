using Lakegate.Grains;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Interfaces;
using Lakegate.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lakegate.Grain.Tests;

/// <summary>
/// A real in-process Orleans cluster running Lakegate's grains and delivery pipeline, with the sink
/// replaced by a recording double. Flushes by size at 5 readings, by age at 300 ms.
/// </summary>
public class LakegateClusterFixture : IAsyncLifetime
{
    public RecordingSink Sink { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    protected virtual TimeProvider? Time => null;

    protected virtual Dictionary<string, string?> Settings => new()
    {
        ["Ingest:FlushMaxReadings"] = "5",
        ["Ingest:FlushMaxAge"] = "00:00:00.300",
        ["Ingest:MaxUndeliveredReadingsPerDevice"] = "50",
        ["Delivery:Linger"] = "00:00:00.020",
    };

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<ITelemetrySink>(Sink);
            if (Time is { } time)
            {
                silo.Services.AddSingleton(time);
            }

            silo.AddMemoryGrainStorage(DeviceGrain.StorageName);
            silo.AddLakegateGrains(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    public async Task<IssuedKey> ProvisionAsync(string deviceId, int? lifetimeDays = null)
    {
        var result = await Grains.GetGrain<IDeviceGrain>(deviceId).Provision(new ProvisionRequest(lifetimeDays));
        Assert.True(result.Created);
        return result.Key!;
    }
}
