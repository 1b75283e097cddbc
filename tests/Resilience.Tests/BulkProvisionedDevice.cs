namespace Lakegate.Resilience.Tests;

/// <summary>One device of a bulk provisioning answer: its key (shown once), or why it was not created.</summary>
internal sealed record BulkProvisionedDevice(string DeviceId, string? KeyId, string? Key, string? Error);
