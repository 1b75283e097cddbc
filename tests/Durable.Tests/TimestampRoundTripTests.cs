using System.Net;
using Lakegate.Durable.Tests.Infrastructure;
using Lakegate.Grains.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;

namespace Lakegate.Durable.Tests;

/// <summary>
/// Time values through Npgsql 10 into timestamptz columns, on a server whose time zone is not UTC
/// (<see cref="PostgresServer.ServerTimeZone"/>), so a value converted through the session time zone would be off
/// by hours rather than pass unnoticed.
/// </summary>
public sealed class TimestampRoundTripTests
{
    [Fact(Timeout = 60_000)]
    public async Task Journal_times_come_back_as_the_same_instant_to_the_microsecond()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        await using var journal = database.CreateJournal();
        var cases = new (DateTimeOffset EventTime, DateTimeOffset ReceivedAt)[]
        {
            (new DateTimeOffset(2025, 3, 30, 1, 59, 59, 999, 999, TimeSpan.Zero), new DateTimeOffset(2025, 3, 30, 2, 0, 0, 1, 1, TimeSpan.Zero)),
            (new DateTimeOffset(2024, 2, 29, 23, 30, 0, TimeSpan.FromHours(-7)), new DateTimeOffset(2024, 3, 1, 12, 45, 0, 123, 456, TimeSpan.FromHours(13.75))),
            (new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 12, 31, 23, 59, 59, 999, 999, TimeSpan.Zero)),
            (new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(9)),
        };
        var records = cases.Select((c, i) => new TelemetryRecord("clock", i + 1, c.EventTime, c.ReceivedAt, "{}")).ToList();

        await journal.AppendAsync(records);
        var read = await journal.ReadDeviceAsync("clock");

        Assert.Equal(records.Count, read.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(TimeSpan.Zero, read[i].EventTime.Offset);
            Assert.Equal(TruncateToMicroseconds(records[i].EventTime.UtcDateTime), read[i].EventTime.UtcDateTime);
            Assert.Equal(TruncateToMicroseconds(records[i].ReceivedAt.UtcDateTime), read[i].ReceivedAt.UtcDateTime);
        }

        // And the database holds the instant itself, not one shifted by a session time zone.
        await using var command = database.DataSource.CreateCommand(
            "SELECT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM lakegate_journal WHERE seq = 2");
        Assert.Equal("2024-02-29 23:00:00.123456", await command.ExecuteScalarAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Orleans_membership_times_round_trip_exactly_and_drive_the_protocol()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        using var services = new ServiceCollection().BuildServiceProvider();
        var table = new AdoNetClusteringTable(
            services,
            Options.Create(new ClusterOptions { ClusterId = "timestamps", ServiceId = "lakegate-tests" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", DataSource = database.DataSource }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);

        var startTime = new DateTime(2025, 10, 26, 0, 59, 59, 123, 456, DateTimeKind.Utc);
        var active = Entry(11111, SiloStatus.Active, startTime);
        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);
        Assert.True(await table.InsertRowAsync(active, empty.Version.Next()));
        Assert.False(await table.InsertRowAsync(Entry(22222, SiloStatus.Joining, startTime), empty.Version.Next()));

        var afterInsert = await table.ReadRowAsync(active.SiloAddress);
        var stored = Assert.Single(afterInsert.Members).Item1;
        Assert.Equal(startTime, stored.StartTime);
        Assert.Equal(DateTimeKind.Utc, stored.StartTime.Kind);
        Assert.Equal(active.IAmAliveTime, stored.IAmAliveTime);

        var heartbeat = new DateTime(2025, 10, 26, 1, 30, 0, 654, 321, DateTimeKind.Utc);
        active.IAmAliveTime = heartbeat;
        await table.UpdateIAmAliveAsync(active);
        active.IAmAliveTime = heartbeat.AddMinutes(-10);
        await table.UpdateIAmAliveAsync(active);
        var afterHeartbeat = await table.ReadAllAsync();
        Assert.Equal(heartbeat, Assert.Single(afterHeartbeat.Members).Item1.IAmAliveTime);
        Assert.Equal(afterInsert.Version.Version, afterHeartbeat.Version.Version);

        var dead = Entry(33333, SiloStatus.Active, startTime);
        Assert.True(await table.InsertRowAsync(dead, afterHeartbeat.Version.Next()));
        var beforeUpdate = await table.ReadAllAsync();
        dead.Status = SiloStatus.Dead;
        dead.SuspectTimes = [Tuple.Create(active.SiloAddress, heartbeat)];
        Assert.True(await table.UpdateRowAsync(dead, beforeUpdate.Version.VersionEtag, beforeUpdate.Version.Next()));
        Assert.False(await table.UpdateRowAsync(dead, beforeUpdate.Version.VersionEtag, beforeUpdate.Version.Next()));
        var deadRow = (await table.ReadRowAsync(dead.SiloAddress)).Members.Single().Item1;
        Assert.Equal(SiloStatus.Dead, deadRow.Status);
        Assert.NotNull(deadRow.SuspectTimes);
        // Orleans itself writes suspicion times as text with millisecond precision.
        Assert.Equal(heartbeat.Ticks / TimeSpan.TicksPerMillisecond, Assert.Single(deadRow.SuspectTimes).Item2.Ticks / TimeSpan.TicksPerMillisecond);

        // Clean-up removes only the dead silo, and only when its captured times match what is stored.
        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(heartbeat.AddHours(1)));
        var remaining = await table.ReadAllAsync();
        Assert.Equal([active.SiloAddress], remaining.Members.Select(m => m.Item1.SiloAddress));

        await using var command = database.DataSource.CreateCommand(
            "SELECT to_char(StartTime AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM OrleansMembershipTable");
        Assert.Equal("2025-10-26 00:59:59.123456", await command.ExecuteScalarAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Clients_find_the_gateways_of_active_silos()
    {
        await using var database = await LakegateDatabase.CreateAsync();
        using var services = new ServiceCollection().BuildServiceProvider();
        var clusterOptions = Options.Create(new ClusterOptions { ClusterId = "gateways", ServiceId = "lakegate-tests" });
        var table = new AdoNetClusteringTable(
            services, clusterOptions,
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", DataSource = database.DataSource }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        var start = DateTime.UtcNow;
        Assert.True(await table.InsertRowAsync(Entry(11111, SiloStatus.Active, start), (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await table.InsertRowAsync(Entry(22222, SiloStatus.Joining, start), (await table.ReadAllAsync()).Version.Next()));

        var gateways = new Orleans.Runtime.Membership.AdoNetGatewayListProvider(
            NullLogger<Orleans.Runtime.Membership.AdoNetGatewayListProvider>.Instance, services,
            Options.Create(new AdoNetClusteringClientOptions { Invariant = "Npgsql", ConnectionString = database.ConnectionString }),
            Options.Create(new GatewayOptions()), clusterOptions);
        await gateways.InitializeGatewayListProviderAsync();
        var found = await gateways.GetGatewaysAsync();

        var gateway = Assert.Single(found);
        Assert.Equal(21111, gateway.Port);
    }

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime startTime) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 7),
        Status = status,
        SiloName = $"silo-{port}",
        HostName = "test-host",
        ProxyPort = port + 10_000,
        StartTime = startTime,
        IAmAliveTime = startTime.AddSeconds(1).AddTicks(10),
    };

    private static DateTime TruncateToMicroseconds(DateTime value) =>
        new(value.Ticks - value.Ticks % 10, value.Kind);
}
