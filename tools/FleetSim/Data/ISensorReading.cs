using System.Text.Json;

namespace Lakegate.FleetSim.Data;

/// <summary>One recorded sensor reading that a simulated device can replay as a telemetry payload.</summary>
public interface ISensorReading
{
    /// <summary>Recorded event time in Unix milliseconds; <c>null</c> when the record carries no time.</summary>
    long? EventTimeUnixMs { get; }

    /// <summary>Writes the reading's own measurement fields into an already opened JSON object.</summary>
    void WriteFields(Utf8JsonWriter writer);
}
