namespace Lakegate.FleetSim.Data;

/// <summary>Positions of the Chicago beach sensor columns, looked up by header name.</summary>
public sealed record ChicagoColumns(
    int Beach,
    int Timestamp,
    int WaterTemperature,
    int Turbidity,
    int TransducerDepth,
    int WaveHeight,
    int WavePeriod,
    int BatteryLife,
    int MeasurementId)
{
    public int MaxIndex { get; } = new[]
    {
        Beach, Timestamp, WaterTemperature, Turbidity, TransducerDepth, WaveHeight, WavePeriod, BatteryLife, MeasurementId,
    }.Max();

    public static ChicagoColumns FromHeader(IReadOnlyList<string> header)
    {
        int Find(string name)
        {
            for (var i = 0; i < header.Count; i++)
            {
                if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            throw new FormatException($"The Chicago beach sensor file has no '{name}' column.");
        }

        return new ChicagoColumns(
            Find("Beach Name"),
            Find("Measurement Timestamp"),
            Find("Water Temperature"),
            Find("Turbidity"),
            Find("Transducer Depth"),
            Find("Wave Height"),
            Find("Wave Period"),
            Find("Battery Life"),
            Find("Measurement ID"));
    }
}
