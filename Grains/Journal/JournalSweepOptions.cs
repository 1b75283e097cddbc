namespace Lakegate.Grains.Journal;

/// <summary>How often a durable silo looks for journaled readings whose device grain died with its silo. Bound from "Journal".</summary>
public sealed class JournalSweepOptions
{
    public const string SectionName = "Journal";

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Readings older than this still in the journal are treated as possibly orphaned.</summary>
    public TimeSpan OrphanAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Devices woken per sweep at most.</summary>
    public int DevicesPerSweep { get; set; } = 1_000;
}
