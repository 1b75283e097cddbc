using System.Text.Json.Serialization;
using Lakegate.FleetSim.Reporting;

namespace Lakegate.FleetSim.Api;

/// <summary>Source-generated camelCase JSON for every body the simulator reads or writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    WriteIndented = false)]
[JsonSerializable(typeof(ProvisionDeviceRequest))]
[JsonSerializable(typeof(ProvisionedDeviceResponse))]
[JsonSerializable(typeof(DeviceStateResponse))]
[JsonSerializable(typeof(TelemetryAcceptedResponse))]
[JsonSerializable(typeof(EmulatorStatsResponse))]
[JsonSerializable(typeof(RunSummary))]
public sealed partial class FleetSimJsonContext : JsonSerializerContext;
