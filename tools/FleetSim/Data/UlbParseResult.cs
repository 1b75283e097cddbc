namespace Lakegate.FleetSim.Data;

/// <summary>Readings parsed from one ULB file, plus how many non-empty lines could not be read.</summary>
public sealed record UlbParseResult(IReadOnlyList<UlbReading> Readings, int MalformedLines);
