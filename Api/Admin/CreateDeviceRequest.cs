namespace Lakegate.Api.Admin;

public sealed record CreateDeviceRequest(string? DeviceId, int? KeyLifetimeDays);
