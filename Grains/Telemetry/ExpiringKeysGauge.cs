using Lakegate.Grains.Hosting;
using Lakegate.Grains.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakegate.Grains.Telemetry;

/// <summary>
/// Feeds <c>lakegate.devices.keys_expiring</c>: the number of devices whose soonest-expiring active key
/// expires within 30 days. The count comes from the device registry, at most once a minute and in the
/// background when the gauge is collected; collection itself only reads the cached number.
/// </summary>
public sealed class ExpiringKeysGauge(
    IDeviceRegistry registry,
    LakegateMetrics metrics,
    [FromKeyedServices(LakegateClock.ServiceKey)] TimeProvider time,
    ILogger<ExpiringKeysGauge> logger) : IHostedService
{
    public const int WithinDays = 30;
    private const int PageSize = 1000;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private long? _count;
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;
    private bool _counting;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.ObserveDevicesWithKeysExpiringSoon(Current);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The cached count (null until first counted); starts a background recount when it is a minute old.</summary>
    public long? Current()
    {
        lock (_gate)
        {
            if (!_counting && time.GetUtcNow() - _countedAt >= RefreshInterval)
            {
                _counting = true;
                _ = Task.Run(CountAsync);
            }

            return _count;
        }
    }

    private async Task CountAsync()
    {
        long? count = null;
        try
        {
            long total = 0;
            string? after = null;
            do
            {
                var page = await registry.QueryAsync(new DeviceQuery(time.GetUtcNow(), KeyExpiresWithinDays: WithinDays, Limit: PageSize, After: after)).ConfigureAwait(false);
                total += page.Items.Count;
                after = page.NextAfter;
            }
            while (after is not null);

            count = total;
        }
        catch (Exception ex)
        {
            logger.LogWarning("Counting devices with keys expiring within {Days} days failed: {Error}", WithinDays, ex.Message);
        }
        finally
        {
            lock (_gate)
            {
                _count = count ?? _count;
                _countedAt = time.GetUtcNow();
                _counting = false;
            }
        }
    }
}
