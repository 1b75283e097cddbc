namespace Lakegate.Chaos.Tests;

/// <summary>
/// A seeded random fault schedule: the same seed gives the same faults at the same offsets, so a failing run
/// can be replayed. Faults may overlap (a silo dies while Databricks is down); node faults leave time for the
/// cluster to notice before the next one, and at most one PostgreSQL restart is in progress at a time.
/// </summary>
public static class FaultSchedule
{
    private static readonly (FaultKind Kind, int Weight)[] Weights =
    [
        (FaultKind.SiloKill, 3),
        (FaultKind.SiloStop, 2),
        (FaultKind.SinkOutage, 2),
        (FaultKind.SinkSlowdown, 2),
        (FaultKind.SinkErrors, 2),
        (FaultKind.SinkCommitThenTimeout, 2),
        (FaultKind.TokenEndpointOutage, 2),
        (FaultKind.EarlyTokenExpiry, 1),
        (FaultKind.PostgresRestart, 2),
    ];

    /// <summary>Minimum gap after a node fault or PostgreSQL restart before the next one of those starts.</summary>
    public static readonly TimeSpan NodeFaultGap = TimeSpan.FromSeconds(12);

    public static IReadOnlyList<ScheduledFault> Create(int seed, TimeSpan phase, TimeSpan meanGap)
    {
        var random = new Random(seed);
        var faults = new List<ScheduledFault>();
        var at = TimeSpan.FromSeconds(2);
        var nextNodeFault = TimeSpan.Zero;
        var total = Weights.Sum(w => w.Weight);
        while (true)
        {
            // Exponential gaps (a Poisson process) with the profile's mean, at least half a second apart.
            var gap = TimeSpan.FromSeconds(Math.Max(0.5, -Math.Log(1 - random.NextDouble()) * meanGap.TotalSeconds));
            at += gap;
            if (at >= phase - TimeSpan.FromSeconds(3))
            {
                break;
            }

            var pick = random.Next(total);
            var kind = Weights.First(w => (pick -= w.Weight) < 0).Kind;
            var isNodeFault = kind is FaultKind.SiloKill or FaultKind.SiloStop or FaultKind.PostgresRestart;
            if (isNodeFault && at < nextNodeFault)
            {
                kind = FaultKind.SinkSlowdown;
                isNodeFault = false;
            }

            var duration = kind switch
            {
                FaultKind.SiloKill or FaultKind.SiloStop => TimeSpan.Zero,
                FaultKind.PostgresRestart => TimeSpan.FromSeconds(1 + random.NextDouble() * 4),
                FaultKind.EarlyTokenExpiry => TimeSpan.FromSeconds(5 + random.NextDouble() * 10),
                _ => TimeSpan.FromSeconds(2 + random.NextDouble() * 8),
            };
            if (isNodeFault)
            {
                nextNodeFault = at + duration + NodeFaultGap;
            }

            faults.Add(new ScheduledFault(kind, at, duration, random.Next(1000)));
        }

        return faults;
    }
}
