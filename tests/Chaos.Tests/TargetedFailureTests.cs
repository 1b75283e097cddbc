using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lakegate.Grains.Interfaces;
using Xunit.Abstractions;

namespace Lakegate.Chaos.Tests;

/// <summary>
/// One scenario per known failure class, each on its own three-silo durable cluster with ingest over HTTP, each
/// ending with the same invariants as the random mix.
/// </summary>
public sealed class TargetedFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(2);

    [Fact(Timeout = 300_000)]
    public async Task A_silo_dying_with_full_buffers_just_before_their_flush_timer_loses_nothing()
    {
        var flushAge = TimeSpan.FromSeconds(3);
        await using var cluster = await ChaosCluster.StartAsync("full-buffer", settings: new Dictionary<string, string?>
        {
            ["Ingest:FlushMaxAge"] = flushAge.ToString(),
            ["Ingest:FlushMaxReadings"] = "100000",
        });
        var run = new ChaosRun(cluster, output, "full-buffer", ChaosProfile.SeedFromEnvironment());
        await run.ProvisionAsync(60);

        var firstAcknowledged = Stopwatch.StartNew();
        await run.LoadWhileAsync(8, () => Wait.Until(() => Task.FromResult(run.Ledger.AcknowledgedReadings >= 200), TimeSpan.FromSeconds(60)));
        var (victim, devices) = await cluster.SiloHostingMostDevicesAsync();
        Assert.True(devices > 0, "no silo hosts a device");

        // The first buffers fill from the first 202 on; their age timer fires at flushAge. Kill just before it.
        var justBefore = flushAge - TimeSpan.FromMilliseconds(300) - firstAcknowledged.Elapsed;
        if (justBefore > TimeSpan.Zero)
        {
            await Task.Delay(justBefore);
        }

        var delivered = cluster.Emulator.State.RecordCount;
        await cluster.Cluster.KillSiloAsync(victim);
        run.Log($"killed a silo holding {devices} devices with full buffers; {delivered} of {run.Ledger.AcknowledgedReadings} acknowledged readings delivered before");
        Assert.True(delivered < run.Ledger.AcknowledgedReadings, "everything was delivered before the kill; the buffers were not full");
        await cluster.StartReplacementAsync();
        await run.SettleAndCheckAsync(flushAge, Settle);
    }

    [Fact(Timeout = 300_000)]
    public async Task Graceful_shutdowns_racing_the_flush_timer_lose_nothing()
    {
        await using var cluster = await ChaosCluster.StartAsync("graceful-race", settings: new Dictionary<string, string?>
        {
            ["Ingest:FlushMaxAge"] = "00:00:01",
            ["Ingest:FlushMaxReadings"] = "100000",
        });
        var run = new ChaosRun(cluster, output, "graceful-race", ChaosProfile.SeedFromEnvironment());
        await run.ProvisionAsync(100);
        var phase = Stopwatch.StartNew();
        await run.LoadWhileAsync(12, async () =>
        {
            for (var round = 1; round <= 3; round++)
            {
                // Readings keep arriving, so every buffer's one-second timer is always about to fire.
                var before = run.Ledger.AcknowledgedReadings;
                await Wait.Until(() => Task.FromResult(run.Ledger.AcknowledgedReadings > before + 100), TimeSpan.FromSeconds(60));
                var (victim, devices) = await cluster.SiloHostingMostDevicesAsync();
                run.Log($"round {round}: stopping a silo with {devices} devices while they ingest");
                await cluster.Cluster.StopSiloAsync(victim);
                run.Log($"round {round}: stopped; starting a replacement");
                await cluster.StartReplacementAsync();
            }
        });
        await run.SettleAndCheckAsync(phase.Elapsed, Settle);
    }

    [Fact(Timeout = 300_000)]
    public async Task Devices_reactivated_elsewhere_while_their_old_activations_still_flush_lose_nothing()
    {
        await using var cluster = await ChaosCluster.StartAsync("reactivated", settings: new Dictionary<string, string?>
        {
            ["Ingest:FlushMaxAge"] = "00:00:00.200",
            ["Delivery:MaxRecordsPerRequest"] = "2000",
        });
        var run = new ChaosRun(cluster, output, "reactivated", ChaosProfile.SeedFromEnvironment());
        await run.ProvisionAsync(60);
        var phase = Stopwatch.StartNew();
        await run.LoadWhileAsync(6, async () =>
        {
            await Wait.Until(() => Task.FromResult(run.Ledger.AcknowledgedReadings > 100), TimeSpan.FromSeconds(60));

            // Databricks answers slowly, so a stopping silo's batches are in flight for seconds while its devices,
            // still sending, come back on the other silos and recover the same undelivered readings from the journal.
            // A stop whose silo drains everything before its devices come back shows nothing; stop another then.
            cluster.Emulator.Faults.AppLatencyMs = 1_000;
            for (var round = 1; round <= 3 && cluster.Emulator.State.DuplicateCount == 0; round++)
            {
                var requestsBefore = cluster.Emulator.State.AppRequestCount;
                await Wait.Until(() => Task.FromResult(cluster.Emulator.State.AppRequestCount > requestsBefore), TimeSpan.FromSeconds(30));
                var (victim, devices) = await cluster.SiloHostingMostDevicesAsync();
                run.Log($"round {round}: stopping a silo with {devices} devices while their flushes are in flight");
                await cluster.Cluster.StopSiloAsync(victim);
                await cluster.StartReplacementAsync();
                run.Log($"round {round}: {cluster.Emulator.State.DuplicateCount} readings sent twice so far");
            }

            cluster.Emulator.Faults.AppLatencyMs = 0;
        });
        await run.SettleAndCheckAsync(phase.Elapsed, Settle);
        Assert.True(cluster.Emulator.State.DuplicateCount > 0, "no reading was sent twice: no device came back while its old flush was still in flight");
    }

    [Fact(Timeout = 300_000)]
    public async Task PostgreSQL_restarts_under_ingest_through_a_cluster_client_answer_503_never_500()
    {
        // Small sequence blocks: device grains write their state often, so the outage hits grain storage and
        // activations as well as the journal, and the failures must cross the wire to the Api (another Orleans
        // client) as 503s.
        await using var cluster = await ChaosCluster.StartAsync("postgres-restart", settings: new Dictionary<string, string?>
        {
            ["Ingest:SequenceBlockSize"] = "3",
        });
        var run = new ChaosRun(cluster, output, "postgres-restart", ChaosProfile.SeedFromEnvironment());
        await run.ProvisionAsync(100);
        var phase = Stopwatch.StartNew();
        await run.LoadWhileAsync(12, async () =>
        {
            for (var round = 1; round <= 2; round++)
            {
                var before = run.Ledger.AcknowledgedReadings;
                await Wait.Until(() => Task.FromResult(run.Ledger.AcknowledgedReadings > before + 500), TimeSpan.FromSeconds(60));
                // Idle device activations are collected first, so that devices also activate (read their state and
                // journal) while the server is down.
                await cluster.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
                run.Log($"round {round}: restarting PostgreSQL under load");
                await cluster.RestartPostgresAsync(TimeSpan.FromSeconds(3));
            }

            var after = run.Ledger.AcknowledgedReadings;
            await Wait.Until(() => Task.FromResult(run.Ledger.AcknowledgedReadings > after + 500), TimeSpan.FromSeconds(60));
        });
        var report = await run.SettleAndCheckAsync(phase.Elapsed, Settle);
        Assert.True(report.Answers.GetValueOrDefault("503") > 0, "no request met the outage");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_sink_that_commits_but_answers_after_the_timeout_double_counts_nothing()
    {
        await using var cluster = await ChaosCluster.StartAsync("late-answer", settings: new Dictionary<string, string?>
        {
            ["Databricks:RequestTimeout"] = "00:00:01",
        });
        var run = new ChaosRun(cluster, output, "late-answer", ChaosProfile.SeedFromEnvironment());
        await run.ProvisionAsync(100);
        var phase = Stopwatch.StartNew();
        await run.LoadWhileAsync(8, async () =>
        {
            // Half the batches are stored, then answered after the gateway gave up on them; it sends them again.
            cluster.Emulator.Faults.CommitThenTimeoutDelayMs = 2_500;
            cluster.Emulator.Faults.CommitThenTimeoutRate = 0.5;
            await Wait.Until(() => Task.FromResult(cluster.Emulator.State.DuplicateCount > 200), TimeSpan.FromSeconds(90));
        });
        var report = await run.SettleAndCheckAsync(phase.Elapsed, Settle);
        Assert.True(report.DuplicatesRemoved > 200, $"only {report.DuplicatesRemoved} duplicates: the late answers did not cause retries");
    }

    [Fact(Timeout = 300_000)]
    public async Task Fifty_concurrent_key_rotations_and_ingests_against_one_device_keep_keys_and_readings_consistent()
    {
        await using var cluster = await ChaosCluster.StartAsync("rotation");
        var run = new ChaosRun(cluster, output, "rotation", ChaosProfile.SeedFromEnvironment());
        await run.ProvisionAsync(1);
        var device = run.Keys.Keys.Single();
        var issued = new List<string> { run.Keys[device] };
        string Latest()
        {
            lock (issued)
            {
                return issued[^1];
            }
        }

        var rotations = new ConcurrentDictionary<HttpStatusCode, int>();
        var ingests = new ConcurrentDictionary<HttpStatusCode, int>();
        var next = 0;

        async Task IngestAsync(string key)
        {
            var n = Interlocked.Increment(ref next);
            var marker = $"{device}/rotation-{n}/0";
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/devices/{device}/telemetry")
            {
                Content = new StringContent($"{{\"marker\":\"{marker}\"}}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            request.Headers.Add("Idempotency-Key", $"rotation-{n}");
            using var response = await cluster.Http.SendAsync(request);
            ingests.AddOrUpdate(response.StatusCode, 1, (_, c) => c + 1);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var seq = answer.RootElement.GetProperty("firstSeq").GetInt64();
                var ack = new Acknowledgement(device, $"rotation-{n}", seq, seq, [marker]);
                run.Ledger.Acknowledge(ack);
            }
        }

        async Task RotateAsync(int i)
        {
            // Half revoke the other keys at once; half ask for a second key (refused while two are active).
            object body = i % 2 == 0 ? new { revokeOtherKeysAfterSeconds = 0 } : new { };
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/admin/devices/{device}/keys") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ChaosCluster.OperatorKey);
            using var response = await cluster.Http.SendAsync(request);
            rotations.AddOrUpdate(response.StatusCode, 1, (_, c) => c + 1);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var key = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
                lock (issued)
                {
                    issued.Add(key);
                }

                await IngestAsync(key);
            }
        }

        // 50 rotations and 50 devices' worth of ingest at once; ingest uses the newest key, as a device that
        // has just been given it would, and may still lose the race against the next rotation (401).
        var work = Enumerable.Range(0, 50).Select(i => Task.Run(() => RotateAsync(i)))
            .Concat(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
            {
                for (var attempt = 0; attempt < 4; attempt++)
                {
                    await IngestAsync(Latest());
                }
            })))
            .ToArray();
        await Task.WhenAll(work);
        run.Log($"rotations: {string.Join(", ", rotations.Select(r => $"{(int)r.Key} {r.Value}"))}; ingests: {string.Join(", ", ingests.Select(r => $"{(int)r.Key} {r.Value}"))}");

        Assert.All(rotations.Keys, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.All(ingests.Keys, s => Assert.Contains(s, new[] { HttpStatusCode.Accepted, HttpStatusCode.Unauthorized }));
        Assert.True(rotations.GetValueOrDefault(HttpStatusCode.Created) >= 25, "the rotations that revoke the others can never be refused");
        Assert.True(ingests.GetValueOrDefault(HttpStatusCode.Accepted) >= 25, "hardly any ingest succeeded with the newest key");

        // Afterwards: at most two active keys, and exactly the keys the device lists as active still work.
        using var stateRequest = new HttpRequestMessage(HttpMethod.Get, $"/v1/admin/devices/{device}");
        stateRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ChaosCluster.OperatorKey);
        using var stateResponse = await cluster.Http.SendAsync(stateRequest);
        using var state = JsonDocument.Parse(await stateResponse.Content.ReadAsStringAsync());
        var active = state.RootElement.GetProperty("keys").EnumerateArray()
            .Where(k => k.GetProperty("revokedAt").ValueKind == JsonValueKind.Null)
            .Select(k => k.GetProperty("keyId").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.InRange(active.Count, 1, 2);
        Assert.Equal(rotations.GetValueOrDefault(HttpStatusCode.Created) + 1, issued.Count);
        foreach (var key in issued)
        {
            var before = ingests.GetValueOrDefault(HttpStatusCode.Accepted);
            await IngestAsync(key);
            var accepted = ingests.GetValueOrDefault(HttpStatusCode.Accepted) > before;
            Assert.Equal(active.Contains(key.Split('_')[1]), accepted);
        }

        await run.SettleAndCheckAsync(TimeSpan.Zero, Settle, profile: "targeted");
    }
}
