using System.Net;
using System.Net.Http.Headers;
using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// Sends requests to Databricks with the cluster's bearer token, for every sink. Short transient
/// failures are retried by the HTTP client's resilience pipeline; a rejected token (401, or 403 naming
/// an invalid or expired token) is invalidated once and the request sent again with a fresh one. Any
/// other answer, a 403 for a real permission problem included, is handed back to the sink to judge.
/// </summary>
public sealed class DatabricksHttpSender(IAccessTokenProvider tokens, TimeProvider time, LakegateMetrics metrics, ILogger<DatabricksHttpSender> logger)
{
    /// <summary>How long a sink waits before retrying after Databricks refused access or a setting is missing.</summary>
    public static readonly TimeSpan PermissionRetryDelay = TimeSpan.FromMinutes(1);

    private const int MaxErrorBodyChars = 4096;

    /// <param name="http">The sink's named client.</param>
    /// <param name="createRequest">Builds the request afresh for each attempt (without authorization).</param>
    /// <param name="service">What is being called, for failure reasons ("App", "SQL warehouse").</param>
    public async Task<DatabricksHttpAnswer> SendAsync(
        HttpClient http,
        Func<HttpRequestMessage> createRequest,
        string service,
        CancellationToken cancellationToken)
    {
        for (var authAttempt = 0; authAttempt < 2; authAttempt++)
        {
            AccessTokenLease lease;
            try
            {
                lease = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TokenUnavailableException or OrleansException or TimeoutException)
            {
                metrics.SinkError(SinkErrorKind.Unavailable);
                return DatabricksHttpAnswer.Failed(SinkResult.Retry($"no Databricks token: {ex.Message}"));
            }

            using var request = createRequest();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", lease.AccessToken);

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.ExecutionRejectedException)
            {
                metrics.SinkError(SinkErrorKind.ForException(ex));
                return DatabricksHttpAnswer.Failed(SinkResult.Retry($"{service} unreachable: {ex.GetType().Name}"));
            }

            using (response)
            {
                var status = response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    return new DatabricksHttpAnswer(status, body, null);
                }

                var text = await ReadSmallAsync(response, cancellationToken).ConfigureAwait(false);
                if (status == HttpStatusCode.Unauthorized || (status == HttpStatusCode.Forbidden && DatabricksErrors.IsTokenRejection(text)))
                {
                    metrics.SinkError(SinkErrorKind.TokenRejected);
                    logger.LogInformation("Databricks rejected token v{Version} ({Status}); refreshing once", lease.Version, (int)status);
                    await tokens.InvalidateAsync(lease.Version).ConfigureAwait(false);
                    continue;
                }

                metrics.SinkError(SinkErrorKind.ForStatus(status));
                return new DatabricksHttpAnswer(status, text, RetryAfter(response));
            }
        }

        return DatabricksHttpAnswer.Failed(SinkResult.Retry("Databricks rejected a freshly refreshed token"));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : null);

    private static async Task<string> ReadSmallAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] : text;
    }
}
