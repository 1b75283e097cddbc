using System.Text.Json;

namespace Lakegate.FleetSim.Data;

/// <summary>One sensing packet of a ULB Tmote Sky mote, as received by the deployment's base station.</summary>
/// <param name="ArrivalUnixMs">When the base station received the packet (Unix ms).</param>
/// <param name="Node">Mote id.</param>
/// <param name="Sequence">The mote's own packet counter (one step per ~60 s cycle).</param>
/// <param name="InternalTemperature">Microcontroller temperature, °C.</param>
/// <param name="InternalVoltage">Supply voltage, V.</param>
/// <param name="Humidity">Relative humidity, %RH.</param>
/// <param name="Temperature">Air temperature, °C.</param>
/// <param name="ParLight">PAR light sensor value (unitless integer).</param>
/// <param name="TsrLight">TSR light sensor value (unitless integer).</param>
public sealed record UlbReading(
    long ArrivalUnixMs,
    int Node,
    int Sequence,
    double InternalTemperature,
    double InternalVoltage,
    double Humidity,
    double Temperature,
    int ParLight,
    int TsrLight) : ISensorReading
{
    private static readonly JsonEncodedText NodeName = JsonEncodedText.Encode("node");
    private static readonly JsonEncodedText SourceSeqName = JsonEncodedText.Encode("sourceSeq");
    private static readonly JsonEncodedText TemperatureName = JsonEncodedText.Encode("temperature");
    private static readonly JsonEncodedText HumidityName = JsonEncodedText.Encode("humidity");
    private static readonly JsonEncodedText InternalTemperatureName = JsonEncodedText.Encode("internalTemperature");
    private static readonly JsonEncodedText InternalVoltageName = JsonEncodedText.Encode("internalVoltage");
    private static readonly JsonEncodedText ParLightName = JsonEncodedText.Encode("parLight");
    private static readonly JsonEncodedText TsrLightName = JsonEncodedText.Encode("tsrLight");

    public long? EventTimeUnixMs => ArrivalUnixMs;

    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteNumber(NodeName, Node);
        writer.WriteNumber(SourceSeqName, Sequence);
        writer.WriteNumber(TemperatureName, Temperature);
        writer.WriteNumber(HumidityName, Humidity);
        writer.WriteNumber(InternalTemperatureName, InternalTemperature);
        writer.WriteNumber(InternalVoltageName, InternalVoltage);
        writer.WriteNumber(ParLightName, ParLight);
        writer.WriteNumber(TsrLightName, TsrLight);
    }
}
