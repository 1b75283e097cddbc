namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The hosted Databricks App's ingest route, <c>POST /apps/{appName}/api/ingest</c>. The bearer check has
/// already passed when this runs. Order of answers: unknown App 404; faults (AppDown 503, PermissionDenied
/// 403, latency, throttle 429, error 503); body over the limit 413; malformed or invalid 400; otherwise the
/// batch is stored (de-duplicated by (device_id, seq)) and answered 200, possibly late (CommitThenTimeout).
/// </summary>
internal static class AppIngestEndpoint
{
    public const string RoutePattern = "/apps/{appName}/api/ingest";

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(RoutePattern, IngestAsync);

    public static string PathFor(string appName) => $"apps/{Uri.EscapeDataString(appName)}/api/ingest";

    private static async Task<IResult> IngestAsync(
        string appName,
        HttpContext context,
        EmulatorOptions options,
        EmulatorState state,
        EmulatorFaults faults)
    {
        if (!string.Equals(appName, options.AppName, StringComparison.Ordinal))
        {
            return DatabricksErrorResults.Error(StatusCodes.Status404NotFound, "RESOURCE_DOES_NOT_EXIST", $"App {appName} does not exist.");
        }

        var fault = faults.Snapshot();
        if (fault.AppDown)
        {
            return Unavailable(context, fault, "The app is not running.");
        }

        if (fault.PermissionDenied)
        {
            return DatabricksErrorResults.AppPermissionDenied(options.AppName);
        }

        if (!await ServerDelay.WaitAsync(context, options.TimeProvider, fault.AppLatencyMs))
        {
            return TypedResults.Empty;
        }

        if (faults.Occurs(fault.AppThrottleRate))
        {
            RetryAfterHeader.Set(context.Response, fault.AppRetryAfterSeconds);
            return DatabricksErrorResults.Error(StatusCodes.Status429TooManyRequests, "REQUEST_LIMIT_EXCEEDED", "Too many requests; retry later.");
        }

        if (faults.Occurs(fault.AppErrorRate))
        {
            return Unavailable(context, fault, "The app is temporarily unavailable.");
        }

        var body = await LimitedRequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        state.AddBytesReceived(body.BytesRead);
        if (body.TooLarge)
        {
            return DatabricksErrorResults.Error(
                StatusCodes.Status413PayloadTooLarge,
                "RESOURCE_LIMIT_EXCEEDED",
                $"The request body exceeds the limit of {options.MaxRequestBodyBytes} bytes.");
        }

        if (!IngestBatchParser.TryParse(body.Content, out var batch, out var rejection))
        {
            return rejection!.InvalidRecords.Count == 0
                ? DatabricksErrorResults.Error(StatusCodes.Status400BadRequest, rejection.ErrorCode, rejection.Message)
                : TypedResults.Json(
                    new InvalidRecordsErrorBody(rejection.ErrorCode, rejection.Message, rejection.InvalidRecords),
                    EmulatorJson.Databricks,
                    statusCode: StatusCodes.Status400BadRequest);
        }

        if (fault.RejectPayloadsContaining is { Length: > 0 } poison)
        {
            var invalid = batch!.Records
                .Select((record, index) => (record, index))
                .Where(r => r.record.PayloadJson.Contains(poison, StringComparison.Ordinal))
                .Select(r => r.index)
                .ToArray();
            if (invalid.Length > 0)
            {
                return TypedResults.Json(
                    new InvalidRecordsErrorBody("INVALID_PARAMETER_VALUE", $"{invalid.Length} record(s) refused by the App's validation.", invalid),
                    EmulatorJson.Databricks,
                    statusCode: StatusCodes.Status400BadRequest);
            }
        }

        var outcome = state.Store(batch!.Records);
        state.CountBatch();

        if (faults.Occurs(fault.CommitThenTimeoutRate)
            && !await ServerDelay.WaitAsync(context, options.TimeProvider, fault.CommitThenTimeoutDelayMs))
        {
            return TypedResults.Empty;
        }

        return TypedResults.Json(
            new IngestAcknowledgement(batch.BatchId, batch.Records.Count, outcome.Stored, outcome.Duplicates),
            EmulatorJson.Databricks);
    }

    private static IResult Unavailable(HttpContext context, EmulatorFaultSettings fault, string message)
    {
        RetryAfterHeader.Set(context.Response, fault.AppRetryAfterSeconds);
        return DatabricksErrorResults.Error(StatusCodes.Status503ServiceUnavailable, "TEMPORARILY_UNAVAILABLE", message);
    }
}
