using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lakegate.Chaos.Tests;

/// <summary>
/// Devices sending telemetry over HTTP as well-behaved devices do: each request has an Idempotency-Key and is
/// retried with that key after a timeout, a dropped connection, a 503 or a 429 (honouring Retry-After, capped
/// so that the run keeps its pressure). Now and then a device sends an acknowledged request again with its key,
/// as one whose answer was lost would, possibly after a silo it lived on has died: the answer must name the same
/// sequence numbers. Every answer goes into the <see cref="IngestLedger"/>.
/// </summary>
public sealed class FleetLoad(HttpClient http, IReadOnlyDictionary<string, string> keys, int seed, IngestLedger ledger)
{
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(2);
    private const double ResendShare = 0.03;
    private const int RememberedRequests = 50;
    private readonly string[] _devices = [.. keys.Keys.Order(StringComparer.Ordinal)];

    public Task RunAsync(int senders, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(() => SendAsync(sender, stop), CancellationToken.None)));

    private async Task SendAsync(int sender, CancellationToken stop)
    {
        var random = new Random(unchecked(seed * 31 + sender));
        var sent = new List<(string Device, string Key, string[] Markers, string Body)>();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            if (sent.Count > 0 && random.NextDouble() < ResendShare)
            {
                var again = sent[random.Next(sent.Count)];
                await DeliverAsync(again.Device, again.Key, again.Markers, again.Body, stop);
                continue;
            }

            var device = _devices[random.Next(_devices.Length)];
            var idempotencyKey = $"s{sender}-r{n}";
            var markers = Enumerable.Range(0, random.Next(1, 6)).Select(i => $"{device}/{idempotencyKey}/{i}").ToArray();
            var body = "[" + string.Join(',', markers.Select(m => $"{{\"marker\":\"{m}\",\"v\":{random.Next(1000)}}}")) + "]";
            if (await DeliverAsync(device, idempotencyKey, markers, body, stop))
            {
                // Only recent requests: well inside a device's Idempotency-Key window (time and count).
                if (sent.Count == RememberedRequests)
                {
                    sent.RemoveAt(0);
                }

                sent.Add((device, idempotencyKey, markers, body));
            }
        }
    }

    /// <summary>Sends one request until it is answered for good, or the run stops (then it is simply not acknowledged); true for a 202.</summary>
    private async Task<bool> DeliverAsync(string device, string idempotencyKey, string[] markers, string body, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/devices/{device}/telemetry")
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[device]);
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                using var response = await http.SendAsync(request, CancellationToken.None);
                var status = (int)response.StatusCode;
                ledger.Answered(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
                    var root = answer.RootElement;
                    var acknowledgement = new Acknowledgement(device, idempotencyKey, root.GetProperty("firstSeq").GetInt64(), root.GetProperty("lastSeq").GetInt64(), markers);
                    if (root.GetProperty("accepted").GetInt32() != markers.Length || acknowledgement.LastSeq - acknowledgement.FirstSeq + 1 != markers.Length)
                    {
                        ledger.Violation($"{device}: {markers.Length} readings answered {root}");
                    }

                    ledger.Acknowledge(acknowledgement);
                    return true;
                }

                if (status is 503 or 429)
                {
                    var asked = response.Headers.RetryAfter?.Delta;
                    if (asked is null)
                    {
                        ledger.Violation($"{device}: {status} without Retry-After");
                    }

                    wait = asked is { } delta && delta < MaxRetryWait ? delta : MaxRetryWait;
                }
                else
                {
                    ledger.Violation($"{device}: unexpected {status}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                    return false;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                ledger.Answered(ex is TaskCanceledException ? "timeout" : "connection-error");
                wait = TimeSpan.FromMilliseconds(200);
            }

            try
            {
                await Task.Delay(wait, stop);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }
}
