namespace Lakegate.Api.Admin;

/// <summary>
/// One entry of a bulk device list: where it stands (<c>"line 3"</c> of a CSV body, <c>"entry 3"</c> of a JSON
/// list, for error messages), and the device it asks for or, when it could not be read, why.
/// </summary>
public sealed record BulkListEntry(string Position, BulkDeviceEntry? Device, string? Error)
{
    public static BulkListEntry Read(string position, BulkDeviceEntry device) => new(position, device, null);

    public static BulkListEntry Unreadable(string position, string error) => new(position, null, error);
}
