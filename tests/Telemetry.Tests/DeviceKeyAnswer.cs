namespace Lakegate.Telemetry.Tests;

public sealed record DeviceKeyAnswer(string DeviceId, string KeyId, string Key, DateTimeOffset ExpiresAt);
