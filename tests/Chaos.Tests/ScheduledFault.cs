namespace Lakegate.Chaos.Tests;

/// <summary>One fault of a run's schedule: what, when (from the start of the fault phase), and for how long.</summary>
public sealed record ScheduledFault(FaultKind Kind, TimeSpan At, TimeSpan Duration, int Target)
{
    public override string ToString() => $"{At.TotalSeconds,6:0.0}s {Kind} for {Duration.TotalSeconds:0.0}s (target {Target})";
}
