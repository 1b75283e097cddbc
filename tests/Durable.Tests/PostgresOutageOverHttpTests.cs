using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Lakegate.Api.Hosting;
using Lakegate.Durable.Tests.Infrastructure;

namespace Lakegate.Durable.Tests;

/// <summary>
/// The whole gateway over HTTP in durable mode (a silo co-hosted with the Api, the emulator in
/// process) while its PostgreSQL server is stopped and started again under load.
/// </summary>
public sealed class PostgresOutageOverHttpTests : IAsyncLifetime
{
    private const string OperatorKey = "lgo_durable-outage-operator-key";
    private PostgresServer? _server;

    public async Task InitializeAsync() => _server = await PostgresServer.StartThrowawayAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [ThrowawayPostgresFact(Timeout = 240_000)]
    public async Task Ingest_answers_503_with_Retry_After_while_Postgres_is_down_then_recovers_and_loses_nothing()
    {
        var connectionString = await _server!.CreateDatabaseAsync();
        await using var host = await LakegateHost.StartAsync([], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Api:CoHostSilo"] = "true",
            ["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:AdvertisedIP"] = "127.0.0.1",
            ["Orleans:ClusterId"] = "outage",
            ["Operators:ApiKeys:0"] = OperatorKey,
            ["Credentials:HashSecret"] = Convert.ToBase64String(new byte[32]),
            ["Ingest:FlushMaxAge"] = "00:00:00.200",
            ["Journal:SweepInterval"] = "00:00:01",
            ["Journal:OrphanAge"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimits:DeviceRequestsPerSecond"] = "100000",
            ["RateLimits:DeviceBurst"] = "100000",
        });
        using var http = new HttpClient { BaseAddress = host.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };

        var devices = Enumerable.Range(1, 6).Select(i => $"outage-{i}").ToArray();
        var keys = new Dictionary<string, string>();
        foreach (var device in devices)
        {
            var create = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/devices") { Content = JsonContent.Create(new { deviceId = device }) };
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
            using var created = await http.SendAsync(create);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            keys[device] = (await created.Content.ReadFromJsonAsync<KeyAnswer>())!.Key;
        }

        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        var statuses = new ConcurrentDictionary<int, int>();
        var missingRetryAfter = 0;
        using var stop = new CancellationTokenSource();
        var workers = devices.Select(device => Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/devices/{device}/telemetry")
                {
                    Content = new StringContent($"[{{\"n\":{n}}},{{\"n\":{n + 1}}}]", System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[device]);
                using var response = await http.SendAsync(request);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var answer = (await response.Content.ReadFromJsonAsync<AcceptedAnswer>())!;
                    var bag = acknowledged.GetOrAdd(device, _ => []);
                    for (var seq = answer.FirstSeq; seq <= answer.LastSeq; seq++)
                    {
                        bag.Add(seq);
                    }
                }
                else if (response.Headers.RetryAfter is null)
                {
                    Interlocked.Increment(ref missingRetryAfter);
                }

                n += 2;
            }
        })).ToArray();

        await Wait.Until(() => Task.FromResult(acknowledged.Values.Sum(b => b.Count) >= 100));
        await _server.StopAsync();
        await Wait.Until(() => Task.FromResult(statuses.GetValueOrDefault(503) >= 10), TimeSpan.FromSeconds(60));
        await _server.StartAsync();
        var before = acknowledged.Values.Sum(b => b.Count);
        await Wait.Until(() => Task.FromResult(acknowledged.Values.Sum(b => b.Count) >= before + 100), TimeSpan.FromSeconds(90));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Equal(0, statuses.GetValueOrDefault(500));
        Assert.True(statuses.Keys.All(s => s is 202 or 503), "unexpected statuses: " + string.Join(", ", statuses.Select(kv => $"{kv.Key}×{kv.Value}")));
        Assert.Equal(0, missingRetryAfter);

        var emulator = host.Emulator!.State;
        await Wait.Until(() => Task.FromResult(devices.All(d => emulator.GetRecords(d).Count == acknowledged.GetValueOrDefault(d)?.Count)), TimeSpan.FromSeconds(90));
        foreach (var device in devices)
        {
            var acked = acknowledged[device].Order().ToArray();
            Assert.Equal(acked.Length, acked.Distinct().Count());
            Assert.Equal(acked, emulator.GetRecords(device).Select(r => r.Seq).ToArray());
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record KeyAnswer(string DeviceId, string KeyId, string Key, DateTimeOffset ExpiresAt);

    private sealed record AcceptedAnswer(int Accepted, long FirstSeq, long LastSeq);
}
