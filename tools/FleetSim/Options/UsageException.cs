namespace Lakegate.FleetSim.Options;

/// <summary>The command line or environment does not describe a runnable simulation.</summary>
public sealed class UsageException(string message) : Exception(message);
