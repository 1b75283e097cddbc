using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Lakegate.Chaos.Tests;

/// <summary>
/// What must hold once the faults have stopped and the cluster has settled: every acknowledged reading is in
/// the emulator exactly once after de-duplication by (device_id, seq), with its own payload; no request was
/// acknowledged under two ranges; sequence numbers are unique per device; no reading landed under two
/// sequence numbers; no 500; the journal and every device buffer are empty.
/// </summary>
public static class ChaosInvariants
{
    /// <summary>Waits (up to the deadline) for everything acknowledged to land and the journal to drain, then checks.</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(ChaosCluster cluster, IngestLedger ledger, TimeSpan settleDeadline)
    {
        var violations = new List<string>(ledger.Violations);
        var acknowledged = ledger.Acknowledged;
        var settled = Stopwatch.StartNew();
        long journalRows = -1;
        var missing = new List<string>();
        while (true)
        {
            missing = MissingFromEmulator(cluster, acknowledged);
            journalRows = await TryJournalRowsAsync(cluster);
            if ((missing.Count == 0 && journalRows == 0) || settled.Elapsed > settleDeadline)
            {
                break;
            }

            await Task.Delay(250);
        }

        if (missing.Count > 0)
        {
            violations.Add($"{missing.Count} acknowledged readings never reached Databricks, e.g. {string.Join(", ", missing.Take(5))}");
        }

        if (journalRows != 0)
        {
            violations.Add($"the journal still holds {journalRows} rows {settleDeadline} after the faults stopped");
        }

        violations.AddRange(OverlappingRanges(acknowledged));
        violations.AddRange(ReadingsStoredTwice(cluster));
        foreach (var (status, count) in ledger.Answers)
        {
            if (status.StartsWith('5') && status != "503")
            {
                violations.Add($"{count} answers with status {status}");
            }
        }

        violations.AddRange(await NonEmptyBuffersAsync(cluster, acknowledged.Select(a => a.DeviceId).Distinct(StringComparer.Ordinal)));
        return violations;
    }

    /// <summary>Acknowledged readings absent from the emulator, or present with another reading's payload.</summary>
    private static List<string> MissingFromEmulator(ChaosCluster cluster, IReadOnlyCollection<Acknowledgement> acknowledged)
    {
        var missing = new List<string>();
        foreach (var device in acknowledged.GroupBy(a => a.DeviceId, StringComparer.Ordinal))
        {
            var stored = cluster.Emulator.State.GetRecords(device.Key).ToDictionary(r => r.Seq);
            foreach (var ack in device)
            {
                for (var i = 0; i < ack.Count; i++)
                {
                    var seq = ack.FirstSeq + i;
                    if (!stored.TryGetValue(seq, out var record))
                    {
                        missing.Add($"{device.Key}#{seq}");
                    }
                    else if (!record.PayloadJson.Contains($"\"{ack.Markers[i]}\"", StringComparison.Ordinal))
                    {
                        missing.Add($"{device.Key}#{seq} (stored with payload {record.PayloadJson}, acknowledged for {ack.Markers[i]})");
                    }
                }
            }
        }

        return missing;
    }

    /// <summary>Two different requests of one device given overlapping sequence numbers.</summary>
    private static IEnumerable<string> OverlappingRanges(IReadOnlyCollection<Acknowledgement> acknowledged)
    {
        foreach (var device in acknowledged.GroupBy(a => a.DeviceId, StringComparer.Ordinal))
        {
            Acknowledgement? previous = null;
            foreach (var ack in device.OrderBy(a => a.FirstSeq))
            {
                if (previous is not null && ack.FirstSeq <= previous.LastSeq)
                {
                    yield return $"{device.Key}: sequence numbers {ack.FirstSeq}..{ack.LastSeq} ({ack.IdempotencyKey}) overlap {previous.FirstSeq}..{previous.LastSeq} ({previous.IdempotencyKey})";
                }

                previous = ack;
            }
        }
    }

    /// <summary>One reading (its marker) stored in Databricks under two sequence numbers: a replay that was renumbered.</summary>
    private static IEnumerable<string> ReadingsStoredTwice(ChaosCluster cluster)
    {
        foreach (var device in cluster.Emulator.State.DeviceIds)
        {
            var twice = cluster.Emulator.State.GetRecords(device)
                .GroupBy(r => MarkerOf(r.PayloadJson))
                .Where(g => g.Count() > 1)
                .Select(g => $"{g.Key} at {string.Join(", ", g.Select(r => r.Seq))}")
                .ToArray();
            if (twice.Length > 0)
            {
                yield return $"{device}: readings stored under two sequence numbers: {string.Join("; ", twice.Take(3))}";
            }
        }
    }

    private static string MarkerOf(string payloadJson)
    {
        using var payload = JsonDocument.Parse(payloadJson);
        return payload.RootElement.TryGetProperty("marker", out var marker) ? marker.GetString() ?? payloadJson : payloadJson;
    }

    /// <summary>
    /// Devices whose state still shows buffered readings. A state query may meet a 503 while the cluster finishes
    /// settling (a grain reactivating after a silo loss); it is retried until the deadline, and a device that
    /// cannot be queried by then is reported with the cause.
    /// </summary>
    private static async Task<IEnumerable<string>> NonEmptyBuffersAsync(ChaosCluster cluster, IEnumerable<string> devices)
    {
        var found = new List<string>();
        var deadline = Stopwatch.StartNew();
        foreach (var device in devices)
        {
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/admin/devices/{device}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ChaosCluster.OperatorKey);
                var started = Stopwatch.StartNew();
                using var response = await cluster.Http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var state = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    var buffered = state.RootElement.GetProperty("buffered").GetInt64();
                    if (buffered != 0)
                    {
                        found.Add($"{device}: {buffered} readings still buffered");
                    }

                    break;
                }

                var direct = await DirectSnapshotAsync(cluster, device);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || deadline.Elapsed > QueryDeadline)
                {
                    found.Add($"{device}: state query answered {(int)response.StatusCode} after {started.ElapsedMilliseconds} ms; asked directly: {direct}");
                    break;
                }

                await Task.Delay(250);
            }
        }

        return found;
    }

    private static readonly TimeSpan QueryDeadline = TimeSpan.FromSeconds(60);

    private static async Task<string> DirectSnapshotAsync(ChaosCluster cluster, string device)
    {
        var started = Stopwatch.StartNew();
        try
        {
            var snapshot = await cluster.Cluster.Client.GetGrain<Lakegate.Grains.Interfaces.IDeviceGrain>(device).GetSnapshot();
            return $"buffered {snapshot?.Buffered} in {started.ElapsedMilliseconds} ms";
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name} after {started.ElapsedMilliseconds} ms: {ex.Message}";
        }
    }

    private static async Task<long> TryJournalRowsAsync(ChaosCluster cluster)
    {
        try
        {
            return await cluster.JournalRowsAsync();
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            return -1;
        }
    }
}
