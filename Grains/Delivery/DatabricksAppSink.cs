using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// POSTs batches to the Databricks App with the cluster's bearer token. Short transient failures are
/// retried by the HTTP client's resilience pipeline (429/503 honour Retry-After); a rejected token
/// (401, or 403 naming an invalid or expired token) is invalidated once and the request sent again
/// with a fresh one; a 403 for a real permission problem is reported, not looped on.
/// </summary>
public sealed class DatabricksAppSink(
    IHttpClientFactory httpClients,
    IAccessTokenProvider tokens,
    IOptions<DatabricksOptions> options,
    ILogger<DatabricksAppSink> logger) : ITelemetrySink
{
    public const string HttpClientName = "databricks-app";
    private static readonly TimeSpan PermissionRetryDelay = TimeSpan.FromMinutes(1);

    public async Task<SinkResult> SendAsync(SinkBatch batch, CancellationToken cancellationToken)
    {
        var appUrl = options.Value.AppUrl;
        if (string.IsNullOrWhiteSpace(appUrl))
        {
            return SinkResult.Retry("Databricks:AppUrl is not configured", PermissionRetryDelay);
        }

        var body = AppBatchJson.Write(batch);
        var http = httpClients.CreateClient(HttpClientName);
        for (var authAttempt = 0; authAttempt < 2; authAttempt++)
        {
            AccessTokenLease lease;
            try
            {
                lease = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TokenUnavailableException or OrleansException or TimeoutException)
            {
                return SinkResult.Retry($"no Databricks token: {ex.Message}");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, appUrl);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", lease.AccessToken);
            request.Headers.TryAddWithoutValidation("X-Lakegate-Batch-Id", batch.BatchId);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.ExecutionRejectedException)
            {
                return SinkResult.Retry($"App unreachable: {ex.GetType().Name}");
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return SinkResult.Delivered;
                }

                var status = response.StatusCode;
                var text = await ReadSmallAsync(response, cancellationToken).ConfigureAwait(false);
                if (status == HttpStatusCode.Unauthorized || (status == HttpStatusCode.Forbidden && DatabricksErrors.IsTokenRejection(text)))
                {
                    logger.LogInformation("Databricks rejected token v{Version} ({Status}); refreshing once", lease.Version, (int)status);
                    await tokens.InvalidateAsync(lease.Version).ConfigureAwait(false);
                    continue;
                }

                var retryAfter = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
                return status switch
                {
                    HttpStatusCode.Forbidden => SinkResult.Retry($"App refused access (403): {DatabricksErrors.Message(text)}", PermissionRetryDelay),
                    HttpStatusCode.RequestEntityTooLarge => new SinkResult(SinkOutcome.TooLarge, "413"),
                    HttpStatusCode.BadRequest => new SinkResult(SinkOutcome.InvalidRecords, $"400: {DatabricksErrors.Message(text)}", InvalidIndexes: InvalidIndexes(text)),
                    _ => SinkResult.Retry($"App answered {(int)status}", retryAfter),
                };
            }
        }

        return SinkResult.Retry("Databricks rejected a freshly refreshed token");
    }

    private static async Task<string> ReadSmallAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length > 4096 ? text[..4096] : text;
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
