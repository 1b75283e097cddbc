using Lakegate.Grains.Audit;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Journal;
using Lakegate.Grains.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Lakegate.Silo.Postgres;

/// <summary>Durable mode: wires a silo, or the separate Api process as a cluster client, to PostgreSQL.</summary>
public static class PostgresSiloConfiguration
{
    /// <summary>The grain-storage provider name device grains persist their state with.</summary>
    public const string DeviceStorageName = "devices";

    /// <summary>The ADO.NET invariant of Npgsql, as the Orleans providers expect it.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>The service key of the silo's <see cref="NpgsqlDataSource"/> (one connection pool for Orleans and the journal).</summary>
    public const string DataSourceServiceKey = "Lakegate.Postgres";

    /// <summary>
    /// Makes the silo durable on PostgreSQL: ADO.NET clustering, the <see cref="DeviceStorageName"/> grain storage,
    /// and <see cref="PostgresReadingJournal"/> as the <see cref="IReadingJournal"/>. The silo applies its schema
    /// (<see cref="PostgresSchemaInstaller"/>) at the start of its lifecycle, before Orleans reads its queries.
    /// </summary>
    /// <remarks>
    /// Replaces any <see cref="IReadingJournal"/> registered before this call; register defaults before it, or with
    /// <c>TryAdd</c>. The Databricks token is never persisted, so there is no storage provider for it.
    /// </remarks>
    public static ISiloBuilder UseLakegatePostgres(this ISiloBuilder builder, string connectionString, Action<PostgresJournalOptions>? configureJournal = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var services = builder.Services;

        services.AddKeyedSingleton(DataSourceServiceKey, (provider, _) =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString);
            dataSource.ConnectionStringBuilder.ApplicationName ??= "lakegate-silo";
            dataSource.UseLoggerFactory(provider.GetService<ILoggerFactory>());
            return dataSource.Build();
        });

        services.AddSingleton(provider => new PostgresSchemaInstaller(
            provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceServiceKey),
            provider.GetRequiredService<ILogger<PostgresSchemaInstaller>>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaSiloStartup>();

        builder.UseAdoNetClustering(options => options.Configure<IServiceProvider>((clustering, provider) =>
        {
            clustering.Invariant = AdoNetInvariant;
            clustering.DataSource = provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceServiceKey);
        }));

        builder.AddAdoNetGrainStorage(DeviceStorageName, options => options.Configure<IServiceProvider>((storage, provider) =>
        {
            storage.Invariant = AdoNetInvariant;
            storage.DataSource = provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceServiceKey);

            // The Orleans binary serializer, not the provider's default (Newtonsoft JSON with TypeNameHandling.All):
            // type names inside stored rows break on a rename and let stored data choose which type is
            // instantiated. The Orleans serializer stores field ids, honours [Id]/[Alias] for version tolerance,
            // is the same codec grain calls already use, and is compact. Switching later does not migrate rows,
            // so this is chosen before any state exists.
            storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(provider.GetRequiredService<Serializer>());
        }));

        var journalOptions = services.AddOptions<PostgresJournalOptions>();
        if (configureJournal is not null)
        {
            journalOptions.Configure(configureJournal);
        }

        journalOptions.PostConfigure<ILocalSiloDetails>((journal, silo) => journal.SiloName ??= silo.SiloAddress.ToParsableString());

        services.RemoveAll<IDeviceRegistry>();
        services.AddSingleton<IDeviceRegistry>(provider => new PostgresDeviceRegistry(provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceServiceKey)));
        services.RemoveAll<IDeadLetterStore>();
        services.AddSingleton<IDeadLetterStore>(provider => new PostgresDeadLetterStore(provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceServiceKey)));
        services.RemoveAll<IAuditTrail>();
        services.AddSingleton<IAuditTrail>(provider => new PostgresAuditTrail(provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceServiceKey)));
        services.RemoveAll<IReadingJournal>();
        services.AddSingleton(provider => new PostgresReadingJournal(
            provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceServiceKey),
            provider.GetRequiredService<IOptions<PostgresJournalOptions>>().Value,
            provider.GetRequiredService<ILogger<PostgresReadingJournal>>()));
        services.AddSingleton<IReadingJournal>(provider => provider.GetRequiredService<PostgresReadingJournal>());

        return builder;
    }

    /// <summary>
    /// For a process that is only a cluster client (the Api): finds gateways through the PostgreSQL membership
    /// table. It never installs or changes the schema; silos do that, so the client needs a silo to have started once.
    /// </summary>
    public static IClientBuilder UseLakegatePostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        builder.Services.TryAddSingleton<IDeviceRegistry>(new PostgresDeviceRegistry(dataSource));
        builder.Services.TryAddSingleton<IAuditTrail>(new PostgresAuditTrail(dataSource));
        builder.Services.TryAddSingleton<IDeadLetterStore>(new PostgresDeadLetterStore(dataSource));
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = AdoNetInvariant;
            options.ConnectionString = connectionString;
        });
    }
}
