namespace Lakegate.FleetSim.Api;

/// <summary>Body of <c>POST /v1/admin/devices</c>.</summary>
public sealed record ProvisionDeviceRequest(string DeviceId);
