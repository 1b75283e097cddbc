using System.Buffers.Text;
using System.Text;
using Lakegate.Api.Hosting;
using Lakegate.Api.Ingest;
using Lakegate.Grains.Audit;
using Lakegate.Grains.Hosting;
using Lakegate.Grains.Registry;

namespace Lakegate.Api.Admin;

/// <summary>Fleet queries served from the registry (no grain is woken) and the audit trail.</summary>
public static class FleetQueryEndpoints
{
    public const int MaxKeyExpiresWithinDays = 36_500;
    public const int MaxSilentForMinutes = 60 * 24 * 3650;

    public static RouteGroupBuilder MapFleetQueries(this RouteGroupBuilder admin)
    {
        admin.MapGet("/devices", QueryAsync).WithName("QueryDevices")
            .WithQueryParameters(
                OperatorQueryParameter.WholeNumber("keyExpiresWithinDays", 0, MaxKeyExpiresWithinDays, "Only devices with an active key that expires within this many days."),
                OperatorQueryParameter.WholeNumber("silentForMinutes", 0, MaxSilentForMinutes, "Only devices not seen for at least this many minutes."),
                OperatorQueryParameter.Flag("enabled", "Only enabled (true) or disabled (false) devices."),
                OperatorQueryParameter.Limit("At most this many devices in the page."),
                OperatorQueryParameter.Text("cursor", "The nextCursor of the previous page, unchanged."))
            .Produces<FleetPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequiresOperatorKey(changes: false);
        admin.MapGet("/audit", AuditAsync).WithName("QueryAudit")
            .WithQueryParameters(
                OperatorQueryParameter.DeviceIdFilter("Only this device's events."),
                OperatorQueryParameter.Limit("At most this many events."))
            .Produces<AuditPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequiresOperatorKey(changes: false);
        return admin;
    }

    public static async Task<IResult> QueryAsync(HttpRequest request, IDeviceRegistry registry)
    {
        var time = request.HttpContext.RequestServices.GetRequiredKeyedService<TimeProvider>(LakegateClock.ServiceKey);
        var query = request.Query;
        if (!OperatorQuery.TryReadWholeNumber(query, "keyExpiresWithinDays", 0, MaxKeyExpiresWithinDays, out var expiresWithin, out var problem)
            || !OperatorQuery.TryReadWholeNumber(query, "silentForMinutes", 0, MaxSilentForMinutes, out var silentFor, out problem)
            || !OperatorQuery.TryReadLimit(query, out var limit, out problem))
        {
            return problem;
        }

        bool? enabled = null;
        if (query["enabled"].ToString() is { Length: > 0 } enabledText)
        {
            if (!bool.TryParse(enabledText, out var parsed))
            {
                return ProblemResults.Problem(400, "invalid-query", "Invalid query", "enabled is true or false.");
            }

            enabled = parsed;
        }

        string? after = null;
        if (query["cursor"].ToString() is { Length: > 0 } cursor)
        {
            after = DecodeCursor(cursor);
            if (after is null)
            {
                return ProblemResults.Problem(400, "invalid-cursor", "Invalid cursor", "Pass the nextCursor of a previous page unchanged.");
            }
        }

        var page = await registry.QueryAsync(new DeviceQuery(time.GetUtcNow(), expiresWithin, silentFor, enabled, limit, after));
        return Results.Ok(new FleetPage(page.Items, page.NextAfter is null ? null : EncodeCursor(page.NextAfter)));
    }

    public static async Task<IResult> AuditAsync(HttpRequest request, IAuditTrail audit)
    {
        if (!OperatorQuery.TryReadLimit(request.Query, out var limit, out var problem)
            || !OperatorQuery.TryReadDeviceIdFilter(request.Query, out var deviceId, out problem))
        {
            return problem;
        }

        return Results.Ok(new AuditPage(await audit.QueryAsync(deviceId, limit)));
    }

    private static string EncodeCursor(string deviceId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(deviceId));

    private static string? DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return DeviceIdRule.IsValid(text) ? text : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
