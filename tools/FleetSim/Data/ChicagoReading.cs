using System.Text.Json;

namespace Lakegate.FleetSim.Data;

/// <summary>
/// One hourly record of a Chicago beach water-quality buoy. Empty fields stay <c>null</c>; sentinels such as
/// a wave height of -99999.992 are kept as recorded.
/// </summary>
/// <param name="Beach">Beach name; the buoy's identity.</param>
/// <param name="MeasurementId">The record's id as published (may be truncated on empty records).</param>
/// <param name="Timestamp">Measurement time (Chicago daylight time); <c>null</c> on empty records.</param>
/// <param name="LineNumber">1-based line in the source file.</param>
public sealed record ChicagoReading(
    string Beach,
    string MeasurementId,
    DateTimeOffset? Timestamp,
    double? WaterTemperature,
    double? Turbidity,
    double? TransducerDepth,
    double? WaveHeight,
    double? WavePeriod,
    double? BatteryLife,
    int LineNumber) : ISensorReading
{
    private static readonly JsonEncodedText BeachName = JsonEncodedText.Encode("beach");
    private static readonly JsonEncodedText MeasurementIdName = JsonEncodedText.Encode("measurementId");
    private static readonly JsonEncodedText WaterTemperatureName = JsonEncodedText.Encode("waterTemperature");
    private static readonly JsonEncodedText TurbidityName = JsonEncodedText.Encode("turbidity");
    private static readonly JsonEncodedText TransducerDepthName = JsonEncodedText.Encode("transducerDepth");
    private static readonly JsonEncodedText WaveHeightName = JsonEncodedText.Encode("waveHeight");
    private static readonly JsonEncodedText WavePeriodName = JsonEncodedText.Encode("wavePeriod");
    private static readonly JsonEncodedText BatteryLifeName = JsonEncodedText.Encode("batteryLife");

    /// <summary>True for the records that carry only a beach name and a truncated id.</summary>
    public bool IsEmptyRecord => Timestamp is null;

    public long? EventTimeUnixMs => Timestamp?.ToUnixTimeMilliseconds();

    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString(BeachName, Beach);
        writer.WriteString(MeasurementIdName, MeasurementId);
        WriteNullable(writer, WaterTemperatureName, WaterTemperature);
        WriteNullable(writer, TurbidityName, Turbidity);
        WriteNullable(writer, TransducerDepthName, TransducerDepth);
        WriteNullable(writer, WaveHeightName, WaveHeight);
        WriteNullable(writer, WavePeriodName, WavePeriod);
        WriteNullable(writer, BatteryLifeName, BatteryLife);
    }

    private static void WriteNullable(Utf8JsonWriter writer, JsonEncodedText name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
