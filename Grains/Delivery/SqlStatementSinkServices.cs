using Lakegate.Grains.Databricks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lakegate.Grains.Delivery;

/// <summary>Registers the SQL sink's options (section "Databricks:Sql", DATABRICKS_WAREHOUSE_ID) and its HTTP client.</summary>
public static class SqlStatementSinkServices
{
    public static IServiceCollection AddSqlStatementSinkServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SqlStatementOptions>()
            .Bind(configuration.GetSection(SqlStatementOptions.SectionName))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.WarehouseId) && !string.IsNullOrWhiteSpace(configuration["DATABRICKS_WAREHOUSE_ID"]))
                {
                    o.WarehouseId = configuration["DATABRICKS_WAREHOUSE_ID"];
                }
            });

        services.AddHttpClient(SqlStatementSink.HttpClientName, (sp, client) => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(resilience =>
            {
                // A submission waits up to the wait timeout for the statement: an attempt must outlast it.
                var request = configuration.GetValue<TimeSpan?>($"{DatabricksOptions.SectionName}:{nameof(DatabricksOptions.RequestTimeout)}") ?? new DatabricksOptions().RequestTimeout;
                var sql = configuration.GetSection(SqlStatementOptions.SectionName).Get<SqlStatementOptions>() ?? new SqlStatementOptions();
                var wait = TimeSpan.FromSeconds(sql.WaitTimeoutSeconds());
                var attempt = request > wait + TimeSpan.FromSeconds(10) ? request : wait + TimeSpan.FromSeconds(10);
                resilience.AttemptTimeout.Timeout = attempt;
                resilience.CircuitBreaker.SamplingDuration = attempt * 2 > TimeSpan.FromSeconds(30) ? attempt * 2 : TimeSpan.FromSeconds(30);
                resilience.TotalRequestTimeout.Timeout = attempt * 4;
                resilience.Retry.MaxRetryAttempts = 3;
            });
        return services;
    }
}
