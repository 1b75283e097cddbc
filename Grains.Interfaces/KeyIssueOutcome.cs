namespace Lakegate.Grains.Interfaces;

[GenerateSerializer, Alias("Lakegate.KeyIssueOutcome")]
public enum KeyIssueOutcome
{
    Issued = 0,
    DeviceNotFound = 1,
    /// <summary>The device already has two active keys; revoke one (or rotate with a grace period) first.</summary>
    TooManyActiveKeys = 2,
}
