namespace Lakegate.FleetSim.Options;

/// <summary>Which recorded sensor data the simulated fleet replays.</summary>
public enum DatasetSelection
{
    /// <summary>Both the ULB library motes and the Chicago beach buoys.</summary>
    All,

    /// <summary>Only the ULB library wireless sensor networks (library 1 and library 2).</summary>
    Ulb,

    /// <summary>Only the Chicago beach water-quality buoys.</summary>
    Chicago,
}
