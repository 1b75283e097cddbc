namespace Lakegate.FleetSim.Data;

/// <summary>Records parsed from the Chicago beach sensor file, plus how many lines could not be read.</summary>
public sealed record ChicagoParseResult(IReadOnlyList<ChicagoReading> Readings, int MalformedLines);
