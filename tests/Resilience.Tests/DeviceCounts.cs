namespace Lakegate.Resilience.Tests;

/// <summary>The counters of <c>GET /v1/admin/devices/{id}</c> these tests compare.</summary>
internal sealed record DeviceCounts(string DeviceId, long Accepted, long Delivered, long Buffered);
