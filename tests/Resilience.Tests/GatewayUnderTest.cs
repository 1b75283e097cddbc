using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Lakegate.Api.Hosting;
using Lakegate.DatabricksEmulator;

namespace Lakegate.Resilience.Tests;

/// <summary>
/// The whole embedded gateway on real HTTP with the in-process Databricks emulator, set up for fast
/// retries, plus a ledger of what it acknowledged and the checks that all of it landed exactly once.
/// </summary>
internal sealed class GatewayUnderTest : IAsyncDisposable
{
    public const string OperatorKey = "lgo_resilience-operator-key-0123456789abcdef";

    private int _payloadCounter;

    private GatewayUnderTest(LakegateHost host)
    {
        Host = host;
        Http = new HttpClient { BaseAddress = host.ApiUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public LakegateHost Host { get; }

    public HttpClient Http { get; }

    public DatabricksEmulatorServer Emulator => Host.Emulator ?? throw new InvalidOperationException("The gateway runs without the emulator.");

    public AcknowledgedReadings Acknowledged { get; } = new();

    /// <summary>Device keys by device id, as provisioned.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    public static async Task<GatewayUnderTest> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Orleans:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = "resilience-" + Guid.NewGuid().ToString("N"),
            ["Operators:ApiKeys:0"] = OperatorKey,
            ["Ingest:FlushMaxAge"] = "00:00:00.100",
            // Small requests, so that a few hundred readings make dozens of requests for the faults to hit.
            ["Delivery:MaxRecordsPerRequest"] = "16",
            ["Delivery:RetryDelay"] = "00:00:00.100",
            ["Delivery:MaxRetryDelay"] = "00:00:01",
            ["Databricks:TokenRefresh:RetryDelay"] = "00:00:00.200",
            ["Databricks:TokenRefresh:MaxRetryDelay"] = "00:00:01",
            ["RateLimits:FailedAuthenticationsPerMinute"] = "100000",
            ["RateLimits:DeviceRequestsPerSecond"] = "10000",
            ["RateLimits:DeviceBurst"] = "10000",
            ["Logging:LogLevel:Default"] = "Error",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new GatewayUnderTest(await LakegateHost.StartAsync([], settings));
    }

    /// <summary>Creates the devices in one bulk request and keeps their keys.</summary>
    public async Task<IReadOnlyList<string>> ProvisionAsync(IReadOnlyList<string> deviceIds)
    {
        using var request = Operator(HttpMethod.Post, "/v1/admin/devices/bulk");
        request.Content = JsonContent.Create(new { devices = deviceIds.Select(id => new { deviceId = id }).ToArray() });
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<BulkProvisioningAnswer>();
        Assert.NotNull(created);
        Assert.Equal(deviceIds.Count, created.Results.Count);
        foreach (var result in created.Results)
        {
            Keys[result.DeviceId] = result.Key ?? throw new InvalidOperationException($"Device {result.DeviceId} was not created: {result.Error}");
        }

        return deviceIds;
    }

    public Task<IReadOnlyList<string>> ProvisionAsync(string prefix, int count) =>
        ProvisionAsync(Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D5}").ToArray());

    /// <summary>Posts <paramref name="readings"/> readings for one device; a 202 goes into the ledger.</summary>
    public async Task<IngestAnswer> PostReadingsAsync(string deviceId, int readings = 1)
    {
        var payloads = Enumerable.Range(0, readings)
            .Select(_ => $"{{\"probe\":\"{deviceId}#{Interlocked.Increment(ref _payloadCounter)}\",\"v\":21.5}}")
            .ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/devices/{deviceId}/telemetry")
        {
            Content = new StringContent(payloads.Length == 1 ? payloads[0] : "[" + string.Join(",", payloads) + "]", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Keys[deviceId]);
        using var response = await Http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var accepted = await response.Content.ReadFromJsonAsync<AcceptedReadingsAnswer>();
            Assert.NotNull(accepted);
            Assert.Equal(readings, accepted.Accepted);
            Assert.Equal(accepted.FirstSeq + readings - 1, accepted.LastSeq);
            Acknowledged.Add(deviceId, accepted.FirstSeq, payloads);
        }

        return new IngestAnswer(response.StatusCode, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>Every device posts <paramref name="requestsPerDevice"/> requests one after another, devices in parallel.</summary>
    public async Task<IReadOnlyList<IngestAnswer>> IngestAsync(IReadOnlyList<string> deviceIds, int requestsPerDevice, int readingsPerRequest, int parallelism = 32)
    {
        var answers = new System.Collections.Concurrent.ConcurrentBag<IngestAnswer>();
        await Parallel.ForEachAsync(deviceIds, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (deviceId, _) =>
        {
            for (var i = 0; i < requestsPerDevice; i++)
            {
                answers.Add(await PostReadingsAsync(deviceId, readingsPerRequest));
            }
        });
        return answers.ToArray();
    }

    public async Task<DeviceCounts> GetDeviceAsync(string deviceId)
    {
        using var request = Operator(HttpMethod.Get, $"/v1/admin/devices/{deviceId}");
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeviceCounts>())!;
    }

    /// <summary>Readings stored by the emulator for the ledger's devices.</summary>
    public long StoredForLedger() => Acknowledged.Devices.Sum(d => (long)Emulator.State.GetRecords(d).Count);

    /// <summary>
    /// Waits until every acknowledged reading is in the emulator, then checks it is there exactly once with
    /// its payload, nothing else is, and the gateway counts every device's accepted readings as delivered.
    /// </summary>
    /// <param name="countsChecked">How many devices' counters to read back over HTTP (all by default).</param>
    public async Task AssertEveryAcknowledgedReadingDeliveredOnceAsync(TimeSpan within, int? countsChecked = null)
    {
        var expected = Acknowledged.Count;
        Assert.True(expected > 0, "nothing was acknowledged");
        await Eventually.True(() => StoredForLedger() >= expected, within, $"acknowledged {expected} readings, stored {StoredForLedger()}");

        foreach (var deviceId in Acknowledged.Devices)
        {
            var acknowledged = Acknowledged.Of(deviceId);
            var stored = Emulator.State.GetRecords(deviceId);
            Assert.Equal(acknowledged.Keys, stored.Select(r => r.Seq));
            foreach (var record in stored)
            {
                Assert.Equal(acknowledged[record.Seq], record.PayloadJson);
            }
        }

        Assert.Equal(expected, Emulator.State.RecordCount);

        var devices = Acknowledged.Devices.Order(StringComparer.Ordinal).Take(countsChecked ?? int.MaxValue).ToArray();
        await Eventually.True(
            async () =>
            {
                foreach (var deviceId in devices)
                {
                    var counts = await GetDeviceAsync(deviceId);
                    if (counts.Accepted != Acknowledged.Of(deviceId).Count || counts.Delivered != counts.Accepted)
                    {
                        return false;
                    }
                }

                return true;
            },
            within,
            "the gateway does not count every accepted reading as delivered");
    }

    public HttpRequestMessage Operator(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Emulator.Faults.Clear();
        await Host.DisposeAsync();
    }
}
