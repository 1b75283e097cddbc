namespace Lakegate.FleetSim.Options;

/// <summary>Outcome of reading the command line: either a runnable configuration or a request for help.</summary>
public sealed record ParsedCommandLine(SimulatorOptions? Options, bool HelpRequested)
{
    public static ParsedCommandLine Help { get; } = new(null, true);

    public static ParsedCommandLine Run(SimulatorOptions options) => new(options, false);
}
