namespace Lakegate.Api.Admin;

/// <summary>A JSON bulk request; <see cref="KeyLifetimeDays"/> applies to entries that give none.</summary>
public sealed record BulkProvisioningRequest(IReadOnlyList<BulkDeviceEntry>? Devices, int? KeyLifetimeDays);
