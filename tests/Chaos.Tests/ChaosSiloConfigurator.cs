using Lakegate.Silo;
using Lakegate.Silo.Postgres;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Lakegate.Chaos.Tests;

/// <summary>
/// A chaos cluster's silo: Lakegate's durable wiring on PostgreSQL (connection string and settings from the
/// test cluster's configuration), tuned to notice a dead silo within seconds as a production cluster would be.
/// Also configures the test cluster's own client for PostgreSQL membership.
/// </summary>
public sealed class ChaosSiloConfigurator : ISiloConfigurator, IClientBuilderConfigurator
{
    public const string ConnectionStringKey = "Chaos:Postgres";

    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        siloBuilder.UseLakegatePostgres(ConnectionString(configuration));
        siloBuilder.AddLakegateGrains(configuration);
        siloBuilder.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 3;
        });
        siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
    }

    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.UseLakegatePostgresClustering(ConnectionString(configuration));

    private static string ConnectionString(IConfiguration configuration) =>
        configuration[ConnectionStringKey] ?? throw new InvalidOperationException($"{ConnectionStringKey} is not configured");
}
