using System.Buffers.Text;
using System.Text;
using Lakegate.Api.Hosting;
using Lakegate.Grains.Audit;
using Lakegate.Grains.Hosting;
using Lakegate.Grains.Registry;

namespace Lakegate.Api.Admin;

/// <summary>Fleet queries served from the registry (no grain is woken) and the audit trail.</summary>
public static class FleetQueryEndpoints
{
    public const int MaxLimit = 1_000;

    public static RouteGroupBuilder MapFleetQueries(this RouteGroupBuilder admin)
    {
        admin.MapGet("/devices", QueryAsync).WithName("QueryDevices");
        admin.MapGet("/audit", AuditAsync).WithName("QueryAudit");
        return admin;
    }

    public static async Task<IResult> QueryAsync(HttpRequest request, IDeviceRegistry registry)
    {
        var time = request.HttpContext.RequestServices.GetRequiredKeyedService<TimeProvider>(LakegateClock.ServiceKey);
        var query = request.Query;
        if (!TryReadInt(query["keyExpiresWithinDays"], 0, 36_500, out var expiresWithin)
            || !TryReadInt(query["silentForMinutes"], 0, 60 * 24 * 3650, out var silentFor)
            || !TryReadInt(query["limit"], 1, MaxLimit, out var limit))
        {
            return ProblemResults.Problem(400, "invalid-query", "Invalid query",
                $"keyExpiresWithinDays and silentForMinutes are non-negative whole numbers; limit is 1-{MaxLimit}.");
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

        var page = await registry.QueryAsync(new DeviceQuery(time.GetUtcNow(), expiresWithin, silentFor, enabled, limit ?? 100, after));
        return Results.Ok(new FleetPage(page.Items, page.NextAfter is null ? null : EncodeCursor(page.NextAfter)));
    }

    public static async Task<IResult> AuditAsync(HttpRequest request, IAuditTrail audit)
    {
        if (!TryReadInt(request.Query["limit"], 1, MaxLimit, out var limit))
        {
            return ProblemResults.Problem(400, "invalid-query", "Invalid query", $"limit is 1-{MaxLimit}.");
        }

        var deviceId = request.Query["deviceId"].ToString();
        var items = await audit.QueryAsync(deviceId.Length == 0 ? null : deviceId, limit ?? 100);
        return Results.Ok(new { items });
    }

    private static bool TryReadInt(Microsoft.Extensions.Primitives.StringValues value, int min, int max, out int? result)
    {
        result = null;
        if (value.Count == 0 || string.IsNullOrEmpty(value.ToString()))
        {
            return true;
        }

        if (int.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            result = parsed;
            return true;
        }

        return false;
    }

    private static string EncodeCursor(string deviceId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(deviceId));

    private static string? DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return Ingest.DeviceIdRule.IsValid(text) ? text : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
