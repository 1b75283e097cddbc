namespace Lakegate.Grains.Audit;

/// <summary>The kinds of credential events the audit trail records.</summary>
public static class CredentialEvent
{
    public const string DeviceCreated = "device-created";
    public const string KeyIssued = "key-issued";
    public const string KeyRevoked = "key-revoked";
    public const string KeyRevocationScheduled = "key-revocation-scheduled";
    public const string DeviceDisabled = "device-disabled";
    public const string DeviceEnabled = "device-enabled";
    public const string FailedAuthenticationBurst = "failed-authentication-burst";
}
