using Lakegate.Durable.Tests.Infrastructure;
using Lakegate.Grains.Audit;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Registry;
using Lakegate.Silo.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Lakegate.Durable.Tests;

/// <summary>The device registry and the audit trail in PostgreSQL, written by real device grains.</summary>
public sealed class RegistryAndAuditOnPostgresTests
{
    [Fact(Timeout = 180_000)]
    public async Task Device_grains_keep_the_registry_and_audit_tables_that_fleet_queries_read()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        await using var emulator = await LakegateDurableCluster.StartEmulatorAsync();
        await using var cluster = await LakegateDurableCluster.StartAsync(connectionString, emulator, clusterId: "registry");
        var registry = cluster.Cluster.Silos[0].SiloHost.Services.GetRequiredService<IDeviceRegistry>();
        var audit = cluster.Cluster.Silos[0].SiloHost.Services.GetRequiredService<IAuditTrail>();
        Assert.IsType<PostgresDeviceRegistry>(registry);
        Assert.IsType<PostgresAuditTrail>(audit);

        var keys = new Dictionary<string, IssuedKey>();
        for (var i = 0; i < 9; i++)
        {
            var id = $"reg-{i}";
            var created = await cluster.Grains.GetGrain<IDeviceGrain>(id).Provision(new ProvisionRequest(i < 3 ? 7 : 300));
            keys[id] = created.Key!;
        }

        await cluster.Grains.GetGrain<IDeviceGrain>("reg-8").SetEnabled(false);
        await cluster.Grains.GetGrain<IDeviceGrain>("reg-4").Ingest(LakegateDurableCluster.Readings(keys["reg-4"].Key, 1));

        var now = DateTimeOffset.UtcNow;
        var expiring = await AllAsync(registry, new DeviceQuery(now, KeyExpiresWithinDays: 30, Limit: 2));
        Assert.Equal(["reg-0", "reg-1", "reg-2"], expiring);
        var disabled = await AllAsync(registry, new DeviceQuery(now, Enabled: false, Limit: 2));
        Assert.Equal(["reg-8"], disabled);
        var silent = await AllAsync(registry, new DeviceQuery(now.AddMinutes(1), SilentForMinutes: 0, Limit: 4));
        Assert.Equal(9, silent.Count);
        // Last-seen reaches the registry in the background, off the ingest path.
        List<string> recentlySilent = [];
        await Wait.Until(async () => !(recentlySilent = await AllAsync(registry, new DeviceQuery(DateTimeOffset.UtcNow, SilentForMinutes: 30, Limit: 4))).Contains("reg-4"));
        Assert.Equal(8, recentlySilent.Count);

        var rotated = await cluster.Grains.GetGrain<IDeviceGrain>("reg-0").AddKey(new AddKeyRequest(30, 0));
        Assert.Equal(KeyIssueOutcome.Issued, rotated.Outcome);
        var events = (await audit.QueryAsync("reg-0", 10)).Select(e => e.Event).Reverse().ToArray();
        Assert.Equal([CredentialEvent.DeviceCreated, CredentialEvent.KeyIssued, CredentialEvent.KeyRevoked], events);
        Assert.Contains(await audit.QueryAsync(null, 100), e => e.DeviceId == "reg-8" && e.Event == CredentialEvent.DeviceDisabled);
    }

    private static async Task<List<string>> AllAsync(IDeviceRegistry registry, DeviceQuery query)
    {
        var ids = new List<string>();
        var page = await registry.QueryAsync(query);
        ids.AddRange(page.Items.Select(e => e.DeviceId));
        while (page.NextAfter is not null)
        {
            page = await registry.QueryAsync(query with { After = page.NextAfter });
            ids.AddRange(page.Items.Select(e => e.DeviceId));
        }

        return ids;
    }
}
