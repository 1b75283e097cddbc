using System.Buffers;
using Lakegate.Api.Hosting;
using Lakegate.Api.RateLimiting;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Lakegate.Api.Ingest;

/// <summary>POST /v1/devices/{deviceId}/telemetry: one grain call authenticates and buffers.</summary>
public static class TelemetryEndpoint
{
    /// <summary>The log category of the ingest path (a constant: the logger factory caches loggers by name).</summary>
    public const string LogCategory = "Lakegate.Api.Ingest.TelemetryEndpoint";

    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/devices/{deviceId}/telemetry", HandleAsync)
            .WithName("PostTelemetry")
            .RequireRateLimiting(DeviceRateLimiting.PolicyName)
            .Produces<TelemetryAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<IResult> HandleAsync(
        string deviceId,
        HttpContext context,
        DeviceGrainReferences devices,
        IOptions<TelemetryLimits> limits,
        TimeProvider time,
        FailedAuthenticationLimiter failedAuthentications,
        LakegateMetrics metrics,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(LogCategory);
        using var deviceScope = logger.BeginScope("Device {DeviceId}", deviceId);
        var request = context.Request;
        var client = FailedAuthenticationLimiter.ClientOf(context);
        if (failedAuthentications.IsBlocked(client))
        {
            metrics.RequestRejected(RejectionReason.RateLimited);
            return ProblemResults.Problem(429, "too-many-failed-authentications", "Too many failed authentications",
                "This client has failed to authenticate too often; retry later.", 60, context);
        }

        if (!DeviceIdRule.IsValid(deviceId))
        {
            metrics.RequestRejected(RejectionReason.Malformed);
            return Admin.DeviceProblems.InvalidDeviceId();
        }

        var key = DeviceCredentialHeader.Read(request);
        if (key is null)
        {
            failedAuthentications.RecordFailure(client);
            metrics.RequestRejected(RejectionReason.Unauthorized);
            return Unauthorized(context);
        }

        if (!IsJson(request.ContentType) || HasContentEncoding(request))
        {
            metrics.RequestRejected(RejectionReason.Malformed);
            return ProblemResults.Problem(415, "unsupported-media-type", "Unsupported media type", "Send the readings as application/json in UTF-8, without content encoding.");
        }

        var max = limits.Value.MaxBodyBytes;
        if (request.ContentLength > max)
        {
            metrics.RequestRejected(RejectionReason.Malformed);
            return TooLarge(max);
        }

        var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > limits.Value.MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl))
        {
            metrics.RequestRejected(RejectionReason.Malformed);
            return ProblemResults.Problem(400, "invalid-idempotency-key", "Invalid Idempotency-Key", $"An Idempotency-Key is at most {limits.Value.MaxIdempotencyKeyLength} printable characters.");
        }

        var body = await ReadBodyAsync(request, max, context.RequestAborted);
        if (body is null)
        {
            metrics.RequestRejected(RejectionReason.Malformed);
            return TooLarge(max);
        }

        var receivedAt = time.GetUtcNow();
        var parsed = TelemetryBodyParser.Parse(body.Value, receivedAt, limits.Value.MaxReadingsPerRequest);
        if (!parsed.IsValid)
        {
            metrics.RequestRejected(RejectionReason.Malformed);
            return ProblemResults.Problem(400, parsed.ErrorCode!, "Malformed telemetry", parsed.ErrorDetail);
        }

        IngestResult result;
        try
        {
            var ingest = new IngestRequest(key, parsed.Readings!, receivedAt, idempotencyKey.Length == 0 ? null : idempotencyKey);
            result = await devices.For(deviceId).Ingest(ingest);
        }
        catch (Exception ex) when (ClusterUnavailableExceptionHandler.IsUnavailability(ex) || (ex is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            logger.LogWarning("Ingest for device {DeviceId} could not reach the cluster: {Error}", deviceId, ex.Message);
            metrics.RequestRejected(RejectionReason.GatewayBusy);
            return ProblemResults.Problem(503, "gateway-unavailable", "Gateway unavailable", "The gateway cannot take readings right now.", ClusterUnavailableExceptionHandler.RetryAfterSeconds, context);
        }

        RecordOutcome(metrics, result);
        return result.Outcome switch
        {
            IngestOutcome.Accepted => Results.Json(
                new TelemetryAccepted(result.Accepted, result.FirstSeq, result.LastSeq),
                statusCode: StatusCodes.Status202Accepted),
            IngestOutcome.Disabled => ProblemResults.Problem(403, "device-disabled", "Device disabled", "This device is disabled."),
            IngestOutcome.DeviceBufferFull => ProblemResults.Problem(429, "device-backlog", "Too many undelivered readings", "This device has too many readings waiting for delivery; retry later.", result.RetryAfterSeconds, context),
            IngestOutcome.GatewayBusy => ProblemResults.Problem(503, "gateway-busy", "Gateway busy", "The gateway cannot take more readings now; retry later.", result.RetryAfterSeconds, context),
            _ => UnauthorizedAfterCheck(context, failedAuthentications, client),
        };
    }

    private static void RecordOutcome(LakegateMetrics metrics, IngestResult result)
    {
        switch (result.Outcome)
        {
            case IngestOutcome.Accepted when !result.Replayed:
                metrics.ReadingsAccepted(result.Accepted);
                break;
            case IngestOutcome.Accepted:
                break;
            case IngestOutcome.Disabled:
                metrics.RequestRejected(RejectionReason.Disabled);
                break;
            case IngestOutcome.DeviceBufferFull:
                metrics.RequestRejected(RejectionReason.DeviceBacklog);
                break;
            case IngestOutcome.GatewayBusy:
                metrics.RequestRejected(RejectionReason.GatewayBusy);
                break;
            default:
                metrics.RequestRejected(RejectionReason.Unauthorized);
                break;
        }
    }

    private static IResult UnauthorizedAfterCheck(HttpContext context, FailedAuthenticationLimiter failedAuthentications, string client)
    {
        failedAuthentications.RecordFailure(client);
        return Unauthorized(context);
    }

    /// <summary>One answer for every credential failure: missing, unknown, wrong, revoked or expired.</summary>
    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"lakegate\"";
        return ProblemResults.Problem(401, "unauthorized", "Unauthorized", "A valid device key is required.");
    }

    private static IResult TooLarge(int max) =>
        ProblemResults.Problem(413, "body-too-large", "Request body too large", $"A request body may be at most {max} bytes.");

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var charset = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(parsed.Charset).Value;
        var utf8 = charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
        return utf8 && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private static bool HasContentEncoding(HttpRequest request) =>
        request.Headers.ContentEncoding.Any(e => !string.IsNullOrWhiteSpace(e) && !e!.Equals("identity", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body, or null when it exceeds <paramref name="max"/> bytes.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, max) + 1);
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            foreach (var segment in read.Buffer)
            {
                if (buffer.WrittenCount + segment.Length > max)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    return null;
                }

                buffer.Write(segment.Span);
            }

            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return buffer.WrittenMemory;
            }
        }
    }
}
