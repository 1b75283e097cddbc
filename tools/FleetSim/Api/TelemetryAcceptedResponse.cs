namespace Lakegate.FleetSim.Api;

/// <summary>202 answer of <c>POST /v1/devices/{deviceId}/telemetry</c>.</summary>
public sealed record TelemetryAcceptedResponse(int Accepted, long FirstSeq, long LastSeq);
