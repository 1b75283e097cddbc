namespace Lakegate.FleetSim.Options;

/// <summary>How recorded event times are moved to the present for the <c>ts</c> field.</summary>
public enum TimestampAnchor
{
    /// <summary>
    /// One full pass over a source stream ends at the run's start: every timestamp of the first pass
    /// lies in the past, gaps between readings are kept.
    /// </summary>
    End,

    /// <summary>The first reading a device sends is stamped with the run's start; later ones lie in the future.</summary>
    Start,
}
