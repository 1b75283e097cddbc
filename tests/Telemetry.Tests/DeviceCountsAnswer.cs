namespace Lakegate.Telemetry.Tests;

/// <summary>The counters of GET /v1/admin/devices/{id} these tests look at.</summary>
public sealed record DeviceCountsAnswer(string DeviceId, long Accepted, long Delivered);
