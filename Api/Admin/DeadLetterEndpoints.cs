using System.Text.Json;
using Lakegate.Api.Ingest;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Admin;

/// <summary>Readings Databricks refused as invalid: listed for operators, and sent again on request.</summary>
public static class DeadLetterEndpoints
{
    public static RouteGroupBuilder MapDeadLetters(this RouteGroupBuilder admin)
    {
        admin.MapGet("/dead-letters", ListAsync).WithName("ListDeadLetters")
            .WithQueryParameters(
                OperatorQueryParameter.DeviceIdFilter("Only this device's dead letters."),
                OperatorQueryParameter.Limit("At most this many."))
            .Produces<DeadLetterPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequiresOperatorKey(changes: false);
        admin.MapPost("/devices/{deviceId}/dead-letters/replay", ReplayAsync).WithName("ReplayDeadLetters")
            .Produces<DeadLetterReplayResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresOperatorKey(changes: true);
        return admin;
    }

    public static async Task<IResult> ListAsync(HttpRequest request, IDeadLetterStore store)
    {
        if (!OperatorQuery.TryReadLimit(request.Query, out var limit, out var problem)
            || !OperatorQuery.TryReadDeviceIdFilter(request.Query, out var deviceId, out problem))
        {
            return problem;
        }

        var letters = await store.ListAsync(deviceId, limit);
        return Results.Ok(new DeadLetterPage(letters.Select(l => new DeadLetterItem(
            l.Record.DeviceId, l.Record.Seq, l.Record.EventTime, l.Record.ReceivedAt, l.Reason, l.ParkedAt,
            JsonElement.Parse(l.Record.Payload))).ToArray()));
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

        return Results.Ok(new DeadLetterReplayResult(await device.ReplayDeadLetters()));
    }
}
