using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace Lakegate.Silo.Postgres;

/// <summary>
/// Runs <see cref="PostgresSchemaInstaller"/> as the silo starts, at <see cref="ServiceLifecycleStage.RuntimeInitialize"/>:
/// before Orleans reads its queries (membership joins at <see cref="ServiceLifecycleStage.RuntimeGrainServices"/>,
/// grain storage initialises at <see cref="ServiceLifecycleStage.ApplicationServices"/>) and before the silo accepts
/// any grain call. If the schema cannot be applied the silo does not start.
/// </summary>
/// <remarks>
/// A database that is not reachable yet (for example a container still starting) is retried with back-off for
/// up to <see cref="UnreachableDatabaseGracePeriod"/>; any other error fails the start at once.
/// </remarks>
public sealed class PostgresSchemaSiloStartup(PostgresSchemaInstaller installer, ILogger<PostgresSchemaSiloStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long start-up waits for an unreachable database before giving up.</summary>
    public static readonly TimeSpan UnreachableDatabaseGracePeriod = TimeSpan.FromSeconds(60);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaSiloStartup), ServiceLifecycleStage.RuntimeInitialize, InstallAsync);

    private async Task InstallAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + UnreachableDatabaseGracePeriod;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await installer.InstallAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && DateTime.UtcNow + delay < deadline && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "PostgreSQL is not reachable for the schema check yet; retrying in {Delay}.", delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
