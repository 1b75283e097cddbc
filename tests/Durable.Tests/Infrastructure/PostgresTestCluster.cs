using System.Reflection;
using Lakegate.Silo.Postgres;
using Orleans.TestingHost;

namespace Lakegate.Durable.Tests.Infrastructure;

/// <summary>An in-process Orleans test cluster whose silos and client use Lakegate's PostgreSQL wiring for real.</summary>
public static class PostgresTestCluster
{
    public static InProcessTestCluster Create(string connectionString, string clusterId, string serviceId, short silos = 2)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        UseRealMembership(builder.Options);
        builder.ConfigureSilo((_, silo) => silo.UseLakegatePostgres(connectionString));
        builder.ConfigureClient(client => client.UseLakegatePostgresClustering(connectionString));
        return builder.Build();
    }

    /// <summary>
    /// The test cluster registers its own in-memory membership table (and gateway list) after the configuration
    /// delegates run, which would silently replace the ADO.NET clustering under test. Its switch is internal in
    /// TestingHost 10.4.2, so it is turned off by reflection; a rename fails loudly here.
    /// </summary>
    private static void UseRealMembership(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterMembership not found; the TestingHost API changed.");
        property.SetValue(options, false);
    }
}
