using Microsoft.Extensions.Logging;

namespace Lakegate.Grains.Audit;

/// <summary>Records a credential event twice: as a structured log event and in the audit trail.</summary>
public sealed class CredentialAudit(IAuditTrail trail, ILogger<CredentialAudit> logger)
{
    private static readonly EventId AuditEventId = new(4100, "CredentialAudit");

    public async Task RecordAsync(AuditEntry entry)
    {
        logger.LogInformation(AuditEventId, "Credential event {AuditEvent} for device {DeviceId}, key {KeyId}: {Detail}", entry.Event, entry.DeviceId, entry.KeyId, entry.Detail);
        try
        {
            await trail.RecordAsync(entry).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The change itself is committed; losing its audit row is logged, not a failed request.
            logger.LogWarning(ex, "Could not store credential event {AuditEvent} for device {DeviceId}", entry.Event, entry.DeviceId);
        }
    }
}
