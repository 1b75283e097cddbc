using System.Text.Json;
using Lakegate.Api.Hosting;
using Lakegate.Api.Ingest;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Admin;

/// <summary>Readings Databricks refused as invalid: listed for operators, and sent again on request.</summary>
public static class DeadLetterEndpoints
{
    public static RouteGroupBuilder MapDeadLetters(this RouteGroupBuilder admin)
    {
        admin.MapGet("/dead-letters", ListAsync).WithName("ListDeadLetters");
        admin.MapPost("/devices/{deviceId}/dead-letters/replay", ReplayAsync).WithName("ReplayDeadLetters");
        return admin;
    }

    public static async Task<IResult> ListAsync(HttpRequest request, IDeadLetterStore store)
    {
        var limitText = request.Query["limit"].ToString();
        var limit = 100;
        if (limitText.Length > 0 && (!int.TryParse(limitText, out limit) || limit is < 1 or > FleetQueryEndpoints.MaxLimit))
        {
            return ProblemResults.Problem(400, "invalid-query", "Invalid query", $"limit is 1-{FleetQueryEndpoints.MaxLimit}.");
        }

        var deviceId = request.Query["deviceId"].ToString();
        var letters = await store.ListAsync(deviceId.Length == 0 ? null : deviceId, limit);
        return Results.Ok(new
        {
            items = letters.Select(l => new
            {
                deviceId = l.Record.DeviceId,
                seq = l.Record.Seq,
                eventTime = l.Record.EventTime,
                receivedAt = l.Record.ReceivedAt,
                reason = l.Reason,
                parkedAt = l.ParkedAt,
                payload = JsonDocument.Parse(l.Record.Payload).RootElement,
            }),
        });
    }

    public static async Task<IResult> ReplayAsync(string deviceId, IGrainFactory grains)
    {
        if (!DeviceIdRule.IsValid(deviceId))
        {
            return DeviceProblems.InvalidDeviceId();
        }

        var device = grains.GetGrain<IDeviceGrain>(deviceId);
        if (await device.GetSnapshot() is null)
        {
            return DeviceProblems.NotFound(deviceId);
        }

        return Results.Ok(new { replayed = await device.ReplayDeadLetters() });
    }
}
