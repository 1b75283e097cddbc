using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Lakegate.Api.Health;

/// <summary>PostgreSQL (membership, grain state, journal) answers a query.</summary>
public sealed class PostgresHealthCheck(string connectionString) : IHealthCheck, IDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("postgres reachable");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"postgres unreachable: {ex.GetType().Name}");
        }
    }

    public void Dispose() => _dataSource.Dispose();
}
