namespace Lakegate.Chaos.Tests;

/// <summary>
/// A seeded random fault schedule: the same seed gives the same faults at the same offsets, so a failing run
/// can be replayed. Two tracks are merged: node faults (silo killed, silo stopped, PostgreSQL restarted), each
/// leaving the cluster time to notice before the next, and Databricks faults at random times that may overlap
/// anything. Each track draws its kinds from a shuffled deck, so a schedule long enough holds every kind.
/// </summary>
public static class FaultSchedule
{
    private static readonly FaultKind[] NodeFaults = [FaultKind.SiloKill, FaultKind.SiloStop, FaultKind.PostgresRestart];

    private static readonly FaultKind[] DatabricksFaults =
    [
        FaultKind.SinkOutage,
        FaultKind.SinkSlowdown,
        FaultKind.SinkErrors,
        FaultKind.SinkCommitThenTimeout,
        FaultKind.TokenEndpointOutage,
        FaultKind.EarlyTokenExpiry,
    ];

    /// <summary>Minimum gap after a node fault ends before the next one starts.</summary>
    public static readonly TimeSpan NodeFaultGap = TimeSpan.FromSeconds(12);

    public static IReadOnlyList<ScheduledFault> Create(int seed, TimeSpan phase, TimeSpan meanGap)
    {
        var random = new Random(seed);
        var last = phase - TimeSpan.FromSeconds(3);
        var faults = new List<ScheduledFault>();

        var nodeDeck = new Deck(NodeFaults, random);
        for (var at = TimeSpan.FromSeconds(6 + random.NextDouble() * 6); at < last;)
        {
            var fault = new ScheduledFault(nodeDeck.Next(), at, default, random.Next(1000));
            fault = fault with { Duration = DurationOf(fault.Kind, random) };
            faults.Add(fault);
            at += fault.Duration + NodeFaultGap + TimeSpan.FromSeconds(random.NextDouble() * 6);
        }

        // Databricks faults at uniformly random times (a Poisson process with its count fixed): the profile's
        // rate, and at least one round of the deck.
        var databricksDeck = new Deck(DatabricksFaults, random);
        var count = Math.Max(DatabricksFaults.Length, (int)Math.Round((last - TimeSpan.FromSeconds(2)) / (meanGap * 1.5)));
        var start = TimeSpan.FromSeconds(2);
        foreach (var at in Enumerable.Range(0, count).Select(_ => start + (last - start) * random.NextDouble()).Order())
        {
            var kind = databricksDeck.Next();
            faults.Add(new ScheduledFault(kind, at, DurationOf(kind, random), random.Next(1000)));
        }

        return [.. faults.OrderBy(f => f.At)];
    }

    public static bool IsNodeFault(FaultKind kind) => NodeFaults.Contains(kind);

    private static TimeSpan DurationOf(FaultKind kind, Random random) => kind switch
    {
        FaultKind.SiloKill or FaultKind.SiloStop => TimeSpan.Zero,
        FaultKind.PostgresRestart => TimeSpan.FromSeconds(1 + random.NextDouble() * 4),
        FaultKind.EarlyTokenExpiry => TimeSpan.FromSeconds(5 + random.NextDouble() * 10),
        _ => TimeSpan.FromSeconds(2 + random.NextDouble() * 8),
    };

    /// <summary>Kinds dealt in shuffled rounds: every kind once per round.</summary>
    private sealed class Deck(FaultKind[] kinds, Random random)
    {
        private readonly Queue<FaultKind> _round = new();

        public FaultKind Next()
        {
            if (_round.Count == 0)
            {
                var shuffled = kinds.ToArray();
                random.Shuffle(shuffled);
                foreach (var kind in shuffled)
                {
                    _round.Enqueue(kind);
                }
            }

            return _round.Dequeue();
        }
    }
}
