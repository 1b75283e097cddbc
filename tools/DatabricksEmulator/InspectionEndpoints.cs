using System.Text.Json;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The emulator's own endpoints under <c>/_emulator</c> (no bearer needed, camelCase JSON): counters,
/// stored records, fault switches, reset and token revocation. Not part of the Databricks contract.
/// </summary>
internal static class InspectionEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/_emulator");

        group.MapGet("/stats", (EmulatorState state) => TypedResults.Json(EmulatorStats.Of(state), EmulatorJson.Inspection));

        group.MapGet("/records", (string? deviceId, EmulatorState state) =>
        {
            if (string.IsNullOrEmpty(deviceId))
            {
                return Results.Json(new { error = "The deviceId query parameter is required." }, EmulatorJson.Inspection, statusCode: StatusCodes.Status400BadRequest);
            }

            var records = state.GetRecords(deviceId).Select(StoredRecordView.Of).ToArray();
            return Results.Json(new { deviceId, count = records.Length, records }, EmulatorJson.Inspection);
        });

        group.MapGet("/faults", (EmulatorFaults faults) => TypedResults.Json(faults.Snapshot(), EmulatorJson.Inspection));

        group.MapPut("/faults", async (HttpRequest request, EmulatorFaults faults) =>
        {
            // PUT replaces the whole set: switches left out of the body take their default (off).
            EmulatorFaultSettings? settings;
            try
            {
                settings = await JsonSerializer.DeserializeAsync<EmulatorFaultSettings>(request.Body, EmulatorJson.Inspection, request.HttpContext.RequestAborted);
                if (settings is null)
                {
                    return Results.Json(new { error = "The body must be a JSON object of fault switches." }, EmulatorJson.Inspection, statusCode: StatusCodes.Status400BadRequest);
                }

                faults.Apply(settings);
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException)
            {
                return Results.Json(new { error = exception.Message }, EmulatorJson.Inspection, statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Json(faults.Snapshot(), EmulatorJson.Inspection);
        });

        group.MapPost("/reset", (EmulatorState state) =>
        {
            state.Reset();
            return TypedResults.NoContent();
        });

        group.MapPost("/tokens/revoke", (EmulatorState state) =>
            Results.Json(new { revoked = state.RevokeAllTokens() }, EmulatorJson.Inspection));
    }
}
