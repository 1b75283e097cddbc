using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lakegate.Api.Health;

/// <summary>A Databricks token can be had (the token grain has one, or can get one now).</summary>
public sealed class DatabricksTokenHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var grain = grains.GetGrain<ITokenGrain>(SiloTokenProvider.DefaultProfile);
        try
        {
            await grain.GetToken().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            var status = await grain.GetStatus();
            return HealthCheckResult.Healthy($"{status.Mode} token usable until {status.ExpiresAt:O}");
        }
        catch (Exception ex)
        {
            var detail = ex is TokenUnavailableException ? ex.Message : ex.GetType().Name;
            return HealthCheckResult.Unhealthy($"no usable Databricks token: {detail}");
        }
    }
}
