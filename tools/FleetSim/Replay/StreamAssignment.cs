namespace Lakegate.FleetSim.Replay;

/// <summary>Which real source stream a simulated device replays, and at which reading it starts.</summary>
public readonly record struct StreamAssignment(int StreamIndex, int StartIndex);
