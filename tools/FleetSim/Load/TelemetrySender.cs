using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Lakegate.FleetSim.Api;
using Lakegate.FleetSim.Provisioning;

namespace Lakegate.FleetSim.Load;

/// <summary>
/// Sends one telemetry request for a device. 429 and 503 are retried after <c>Retry-After</c>, timeouts and
/// connection failures after a short pause, always with the same body and <c>Idempotency-Key</c>, so a retry
/// of a request the gateway did take stores nothing twice.
/// </summary>
public sealed class TelemetrySender(
    HttpClient http,
    RequestPacer pacer,
    LoadCounters counters,
    StatusCodeCounter statuses,
    int maxRetries,
    TimeSpan maxRetryAfter)
{
    /// <summary>Pause before retrying after a timeout or a connection failure.</summary>
    public static readonly TimeSpan TransportRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns how many readings the gateway accepted (0 when the request was given up).</summary>
    /// <param name="body">Request body; must stay unchanged until this call completes.</param>
    public async Task<int> SendAsync(
        SimulatedDevice device,
        ReadOnlyMemory<byte> body,
        string idempotencyKey,
        int readings,
        LatencyLog latencies,
        CancellationToken abort)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                counters.RetryScheduled();
                await pacer.WaitAsync(abort);
            }

            var canRetry = attempt < maxRetries;
            using var request = new HttpRequestMessage(HttpMethod.Post, device.TelemetryUri);
            request.Headers.TryAddWithoutValidation("Authorization", device.AuthorizationHeader);
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

            counters.AttemptSent();
            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, abort);
            }
            catch (TaskCanceledException) when (!abort.IsCancellationRequested)
            {
                statuses.RecordTimeout();
                if (canRetry)
                {
                    continue;
                }

                counters.RequestFailed(readings);
                return 0;
            }
            catch (HttpRequestException)
            {
                statuses.RecordConnectionFailure();
                if (canRetry)
                {
                    await Task.Delay(TransportRetryDelay, abort);
                    continue;
                }

                counters.RequestFailed(readings);
                return 0;
            }

            using (response)
            {
                latencies.Add(Stopwatch.GetTimestamp() - started);
                var status = (int)response.StatusCode;
                statuses.Record(status);

                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var accepted = await ReadAcceptedCountAsync(response, readings, abort);
                    counters.RequestAccepted(accepted);
                    return accepted;
                }

                if (canRetry && response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    var wait = RetryAfter.Read(response.Headers, DateTimeOffset.UtcNow, maxRetryAfter);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, abort);
                    }

                    continue;
                }

                counters.RequestFailed(readings);
                return 0;
            }
        }
    }

    /// <summary>The <c>accepted</c> count of a 202 body; the number of readings sent if the body says nothing.</summary>
    private static async Task<int> ReadAcceptedCountAsync(HttpResponseMessage response, int readings, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            if (stream.CanSeek && stream.Length == 0)
            {
                return readings;
            }

            var body = await JsonSerializer.DeserializeAsync(stream, FleetSimJsonContext.Default.TelemetryAcceptedResponse, cancellationToken);
            return body is { Accepted: > 0 } ? body.Accepted : readings;
        }
        catch (JsonException)
        {
            return readings;
        }
    }
}
