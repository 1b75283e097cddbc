namespace Lakegate.Api.Admin;

public sealed record BulkDeviceEntry(string DeviceId, int? KeyLifetimeDays);
