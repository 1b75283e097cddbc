using Lakegate.Grains.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Journal;

/// <summary>
/// Delivers readings whose device never sends again: devices with old rows in the journal are woken,
/// and a device grain's activation re-buffers its undelivered rows. Waking a grain that is alive
/// (its readings are merely slow) does nothing. Runs only where the journal is durable.
/// </summary>
public sealed class JournalSweeper(
    IReadingJournal journal,
    IGrainFactory grains,
    IOptions<JournalSweepOptions> options,
    IOptions<Ingest.IngestOptions> ingest,
    TimeProvider time,
    ILogger<JournalSweeper> logger) : BackgroundService
{
    public long DevicesWoken { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!journal.IsDurable)
        {
            return;
        }

        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            var devices = await journal.ReadDeviceIdsOlderThanAsync(time.GetUtcNow() - settings.OrphanAge, settings.DevicesPerSweep, cancellationToken).ConfigureAwait(false);
            foreach (var deviceId in devices)
            {
                try
                {
                    await grains.GetGrain<IDeviceGrain>(deviceId).Recover().ConfigureAwait(false);
                    DevicesWoken++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Waking device {DeviceId} to recover its journal failed: {Error}", deviceId, ex.Message);
                }
            }

            if (devices.Count > 0)
            {
                logger.LogInformation("Journal sweep woke {Count} device(s) with undelivered readings older than {Age}", devices.Count, settings.OrphanAge);
            }

            await journal.ForgetRequestsBeforeAsync(time.GetUtcNow() - ingest.Value.IdempotencyWindow, cancellationToken).ConfigureAwait(false);
        }
        catch (JournalUnavailableException ex)
        {
            logger.LogWarning("Journal sweep skipped, storage unavailable: {Error}", ex.Message);
        }
    }
}
