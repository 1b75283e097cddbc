namespace Lakegate.Grains.Registry;

/// <summary>
/// A fleet query: devices whose soonest-expiring active key expires within a number of days, devices
/// silent (never seen, or not since) for a number of minutes, enabled or not; paged by device id.
/// </summary>
public sealed record DeviceQuery(
    DateTimeOffset Now,
    int? KeyExpiresWithinDays = null,
    int? SilentForMinutes = null,
    bool? Enabled = null,
    int Limit = 100,
    string? After = null)
{
    public bool Matches(DeviceRegistryEntry entry)
    {
        if (After is not null && string.CompareOrdinal(entry.DeviceId, After) <= 0)
        {
            return false;
        }

        if (Enabled is { } enabled && entry.Enabled != enabled)
        {
            return false;
        }

        if (KeyExpiresWithinDays is { } days && (entry.NextKeyExpiry is not { } expiry || expiry > Now.AddDays(days)))
        {
            return false;
        }

        return SilentForMinutes is not { } minutes || entry.LastSeenAt is not { } seen || seen <= Now.AddMinutes(-minutes);
    }
}
