using System.Globalization;

namespace Lakegate.Chaos.Tests;

/// <summary>
/// How big and how long a chaos run is. <c>LAKEGATE_CHAOS_PROFILE=long</c> picks the long profile (run on
/// demand); anything else, the short one CI runs. <c>LAKEGATE_CHAOS_SEED</c> replays a run's fault schedule.
/// </summary>
public sealed record ChaosProfile(
    string Name,
    int Devices,
    int Senders,
    TimeSpan FaultPhase,
    TimeSpan MeanTimeBetweenFaults,
    TimeSpan SettleDeadline)
{
    public const string ProfileVariable = "LAKEGATE_CHAOS_PROFILE";
    public const string SeedVariable = "LAKEGATE_CHAOS_SEED";
    public const string FaultPhaseVariable = "LAKEGATE_CHAOS_MINUTES";

    public static readonly ChaosProfile Short = new("short", Devices: 300, Senders: 24,
        FaultPhase: TimeSpan.FromSeconds(75), MeanTimeBetweenFaults: TimeSpan.FromSeconds(6), SettleDeadline: TimeSpan.FromMinutes(3));

    public static readonly ChaosProfile Long = new("long", Devices: 2_000, Senders: 48,
        FaultPhase: TimeSpan.FromMinutes(30), MeanTimeBetweenFaults: TimeSpan.FromSeconds(10), SettleDeadline: TimeSpan.FromMinutes(5));

    /// <summary>The profile the environment asks for; <c>LAKEGATE_CHAOS_MINUTES</c> overrides its fault phase.</summary>
    public static ChaosProfile FromEnvironment()
    {
        var profile = string.Equals(Environment.GetEnvironmentVariable(ProfileVariable), "long", StringComparison.OrdinalIgnoreCase) ? Long : Short;
        var minutes = Environment.GetEnvironmentVariable(FaultPhaseVariable);
        return double.TryParse(minutes, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m > 0
            ? profile with { FaultPhase = TimeSpan.FromMinutes(m) }
            : profile;
    }

    /// <summary>The seed the environment names, or a new one (printed by the run so that it can be replayed).</summary>
    public static int SeedFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Random.Shared.Next(1, int.MaxValue);
}
