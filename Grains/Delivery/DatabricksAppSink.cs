using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lakegate.Grains.Databricks;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// POSTs batches to the Databricks App with the cluster's bearer token. Short transient failures are
/// retried by the HTTP client's resilience pipeline (429/503 honour Retry-After); a rejected token
/// (401, or 403 naming an invalid or expired token) is invalidated once and the request sent again
/// with a fresh one (see <see cref="DatabricksHttpSender"/>); a 403 for a real permission problem is
/// reported, not looped on.
/// </summary>
public sealed class DatabricksAppSink(
    IHttpClientFactory httpClients,
    DatabricksHttpSender sender,
    IOptions<DatabricksOptions> options) : ITelemetrySink
{
    public const string HttpClientName = "databricks-app";
    private static readonly TimeSpan PermissionRetryDelay = DatabricksHttpSender.PermissionRetryDelay;

    public async Task<SinkResult> SendAsync(SinkBatch batch, CancellationToken cancellationToken)
    {
        var appUrl = options.Value.AppUrl;
        if (string.IsNullOrWhiteSpace(appUrl))
        {
            return SinkResult.Retry("Databricks:AppUrl is not configured", PermissionRetryDelay);
        }

        var body = AppBatchJson.Write(batch);
        var http = httpClients.CreateClient(HttpClientName);
        var answer = await sender.SendAsync(
            http,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, appUrl);
                request.Headers.TryAddWithoutValidation("X-Lakegate-Batch-Id", batch.BatchId);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                return request;
            },
            "App",
            cancellationToken).ConfigureAwait(false);

        if (answer.Failure is { } failure)
        {
            return failure;
        }

        if (answer.IsSuccess)
        {
            return SinkResult.Delivered;
        }

        var text = answer.Body;
        return answer.Status switch
        {
            HttpStatusCode.Forbidden => SinkResult.Retry($"App refused access (403): {DatabricksErrors.Message(text)}", PermissionRetryDelay),
            HttpStatusCode.RequestEntityTooLarge => new SinkResult(SinkOutcome.TooLarge, "413"),
            HttpStatusCode.BadRequest => new SinkResult(SinkOutcome.InvalidRecords, $"400: {DatabricksErrors.Message(text)}", InvalidIndexes: InvalidIndexes(text)),
            _ => SinkResult.Retry($"App answered {(int)answer.Status}", answer.RetryAfter),
        };
    }

    private static IReadOnlyList<int>? InvalidIndexes(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("invalid_records", out var list)
                && list.ValueKind == JsonValueKind.Array)
            {
                return list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32()).ToArray();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
