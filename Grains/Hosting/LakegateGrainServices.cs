using Lakegate.Grains.Audit;
using Lakegate.Grains.Credentials;
using Lakegate.Grains.Databricks;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Ingest;
using Lakegate.Grains.Journal;
using Lakegate.Grains.Registry;
using Lakegate.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Hosting;

/// <summary>Registers what the grains of a silo need: credentials, ingest, delivery and the Databricks side.</summary>
public static class LakegateGrainServices
{
    public static IServiceCollection AddLakegateGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(LakegateClock.ServiceKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddMetrics();
        services.TryAddSingleton<LakegateMetrics>();
        services.TryAddSingleton<IDeviceRegistry, InMemoryDeviceRegistry>();
        services.TryAddSingleton<IAuditTrail, InMemoryAuditTrail>();
        services.TryAddSingleton<CredentialAudit>();
        // Settings that would only fail on the first device call are refused when the process starts.
        services.AddOptions<CredentialOptions>().Bind(configuration.GetSection(CredentialOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CredentialOptions>, CredentialOptionsValidator>());
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName))
            .Validate(o => o.FlushMaxReadings > 0 && o.MaxUndeliveredReadingsPerDevice > 0 && o.SequenceBlockSize > 0 && o.IdempotencyCapacity > 0
                           && o.FlushMaxAge > TimeSpan.Zero && o.IdempotencyWindow > TimeSpan.Zero && o.DeviceRetryAfterSeconds > 0 && o.GatewayRetryAfterSeconds > 0,
                $"Every {IngestOptions.SectionName} setting must be positive.")
            .ValidateOnStart();
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName))
            .Validate(o => o.MaxRecordsPerRequest > 0 && o.MaxBytesPerRequest > 0 && o.MaxConcurrentRequests > 0 && o.SiloBufferBudgetBytes > 0
                           && o.Linger >= TimeSpan.Zero && o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay,
                $"{DeliveryOptions.SectionName} limits must be positive (Linger may be 0; MaxRetryDelay at least RetryDelay).")
            .ValidateOnStart();
        services.AddOptions<JournalSweepOptions>().Bind(configuration.GetSection(JournalSweepOptions.SectionName));
        services.AddOptions<TokenCacheOptions>().Bind(configuration.GetSection(TokenCacheOptions.SectionName));
        services.AddOptions<DatabricksOptions>()
            .Bind(configuration.GetSection(DatabricksOptions.SectionName))
            .PostConfigure(o => DatabricksEnvironment.Apply(o, configuration));

        services.TryAddSingleton<DeviceKeyHasher>();
        services.TryAddSingleton<DeviceKeyVerifier>();
        services.TryAddSingleton<DeviceKeyIssuer>();
        services.TryAddSingleton(sp => new IngestMemoryBudget(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.SiloBufferBudgetBytes));
        services.TryAddSingleton<IDeadLetterStore, InMemoryDeadLetterStore>();
        services.TryAddSingleton<IReadingJournal, InMemoryReadingJournal>();
        services.TryAddSingleton<IDeliveryListener, GrainDeliveryListener>();
        services.TryAddSingleton<DatabricksHttpSender>();
        if (TelemetrySinkSelection.UsesSql(configuration))
        {
            services.TryAddSingleton<ITelemetrySink, SqlStatementSink>();
        }
        else
        {
            services.TryAddSingleton<ITelemetrySink, DatabricksAppSink>();
        }

        services.TryAddSingleton<SiloTokenProvider>();
        services.TryAddSingleton<IAccessTokenProvider>(sp => sp.GetRequiredService<SiloTokenProvider>());
        services.TryAddSingleton<DeliveryBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryBatcher>());
        services.TryAddSingleton<JournalSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalSweeper>());
        services.AddHostedService<ExpiringKeysGauge>();

        services.TryAddSingleton<ITokenSource>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabricksOptions>>();
            var time = sp.GetRequiredService<TimeProvider>();
            return options.Value.UsesPersonalAccessToken
                ? new PersonalAccessTokenSource(options, time)
                : new OAuthClientCredentialsSource(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(OAuthClientCredentialsSource.HttpClientName), options, time);
        });

        services.AddHttpClient(OAuthClientCredentialsSource.HttpClientName);
        services.AddHttpClient(DatabricksAppSink.HttpClientName, (sp, client) => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(resilience =>
            {
                var attempt = configuration.GetValue<TimeSpan?>($"{DatabricksOptions.SectionName}:{nameof(DatabricksOptions.RequestTimeout)}") ?? new DatabricksOptions().RequestTimeout;
                resilience.AttemptTimeout.Timeout = attempt;
                resilience.CircuitBreaker.SamplingDuration = attempt * 2 > TimeSpan.FromSeconds(30) ? attempt * 2 : TimeSpan.FromSeconds(30);
                resilience.TotalRequestTimeout.Timeout = attempt * 4;
                resilience.Retry.MaxRetryAttempts = 3;
            });
        services.AddSqlStatementSinkServices(configuration);
        return services;
    }
}
