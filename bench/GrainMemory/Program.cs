using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using Lakegate.Api.Hosting;
using Lakegate.Grains.Interfaces;
using Orleans.Configuration;

// Usage: Lakegate.Bench.GrainMemory --devices N [--collection-age-seconds S] [--parallel P] [--json file] [--hold-seconds H]
// --hold-seconds keeps the process alive after the active measurement (and after the baseline) so that a heap
// dump (dotnet-gcdump collect -p PID) can show what the devices hold.
var devices = IntArg("--devices", 10_000);
var collectionAgeSeconds = IntArg("--collection-age-seconds", 0);
var parallel = IntArg("--parallel", 64);
var jsonPath = StringArg("--json");
var holdSeconds = IntArg("--hold-seconds", 0);

var settings = new Dictionary<string, string?>
{
    ["urls"] = "http://127.0.0.1:0",
    ["Operators:ApiKeys:0"] = "lgo_bench-memory",
    ["Logging:LogLevel:Default"] = "Warning",
};
if (collectionAgeSeconds > 0)
{
    settings["Orleans:GrainCollectionAge"] = TimeSpan.FromSeconds(collectionAgeSeconds).ToString("c", CultureInfo.InvariantCulture);
}

await using var host = await LakegateHost.StartAsync([], settings, services =>
{
    if (collectionAgeSeconds > 0)
    {
        // The default quantum (1 min) would make a short collection age take minutes to show.
        services.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromSeconds(Math.Max(1, collectionAgeSeconds / 4)));
    }
});
var grains = host.Services.GetRequiredService<IGrainFactory>();
var management = grains.GetGrain<IManagementGrain>(0);
var emulator = host.Emulator ?? throw new InvalidOperationException("The embedded default should run the emulator in process.");

// Warm up every code path once (provision, ingest, delivery, token) so the baseline holds the runtime's caches.
await ActivateAsync("warmup-", 200);
await WaitDeliveredAsync(200);
emulator.State.Reset();
await Task.Delay(2000);
var baseline = Measure();
Console.Error.WriteLine($"baseline: heap {baseline.HeapBytes:N0} B, RSS {baseline.RssBytes:N0} B, activations {await management.GetTotalActivationCount()}");
await HoldAsync("baseline");

var started = Stopwatch.GetTimestamp();
await ActivateAsync("mem-", devices);
var activateSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
await WaitDeliveredAsync(devices);
// The in-process emulator keeps every record it stored; drop them so only Lakegate's memory is counted.
emulator.State.Reset();
await Task.Delay(2000);
var active = Measure();
var activeActivations = await DeviceActivationsAsync();
Console.Error.WriteLine($"active: {activeActivations:N0} device activations, heap {active.HeapBytes:N0} B, RSS {active.RssBytes:N0} B ({activateSeconds:F1} s to activate)");
await HoldAsync("active");

// Deactivating every idle grain leaves what the embedded default keeps for a device without its activation (its
// state in the in-memory grain storage and registry); the difference is what the activation itself costs. A run
// with a collection age instead watches the devices be collected by age (below).
Snapshot? deactivated = null;
long? deactivatedActivations = null;
if (collectionAgeSeconds == 0)
{
    var deactivateStarted = Stopwatch.GetTimestamp();
    try
    {
        await management.ForceActivationCollection(TimeSpan.Zero);
    }
    catch (TimeoutException)
    {
        // A million deactivations outlast the call's response timeout; they go on, and the loop below waits.
    }

    await WaitForDeviceActivationsAsync(atMost: 0, deactivateStarted, TimeSpan.FromMinutes(15));

    await Task.Delay(2000);
    deactivated = Measure();
    deactivatedActivations = await DeviceActivationsAsync();
    Console.Error.WriteLine($"deactivated: {deactivatedActivations:N0} device activations left, heap {deactivated.HeapBytes:N0} B, RSS {deactivated.RssBytes:N0} B");
}

Snapshot? collected = null;
long? collectedActivations = null;
double? collectedAfterSeconds = null;
if (collectionAgeSeconds > 0)
{
    collectedAfterSeconds = await WaitForDeviceActivationsAsync(atMost: devices / 100, Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(collectionAgeSeconds * 3 + 30));
    await Task.Delay(2000);
    collected = Measure();
    collectedActivations = await DeviceActivationsAsync();
    Console.Error.WriteLine($"collected after {collectedAfterSeconds:F0} s: {collectedActivations:N0} device activations, heap {collected.HeapBytes:N0} B, RSS {collected.RssBytes:N0} B");
}

var result = new
{
    devices,
    collectionAgeSeconds,
    serverGc = GCSettings.IsServerGC,
    activateSeconds,
    baseline,
    active,
    activeDeviceActivations = activeActivations,
    heapBytesPerDevice = (active.HeapBytes - baseline.HeapBytes) / (double)devices,
    rssBytesPerDevice = (active.RssBytes - baseline.RssBytes) / (double)devices,
    deactivated,
    deactivatedDeviceActivations = deactivatedActivations,
    heapBytesPerDeviceDeactivated = deactivated is null ? (double?)null : (deactivated.HeapBytes - baseline.HeapBytes) / (double)devices,
    heapBytesPerActivation = deactivated is null ? (double?)null : (active.HeapBytes - deactivated.HeapBytes) / (double)activeActivations,
    collected,
    collectedDeviceActivations = collectedActivations,
    collectedAfterSeconds,
    heapBytesPerDeviceAfterCollection = collected is null ? (double?)null : (collected.HeapBytes - baseline.HeapBytes) / (double)devices,
    rssBytesPerDeviceAfterCollection = collected is null ? (double?)null : (collected.RssBytes - baseline.RssBytes) / (double)devices,
};
var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
Console.WriteLine(json);
if (jsonPath is not null)
{
    await File.WriteAllTextAsync(jsonPath, json);
}

return 0;

async Task ActivateAsync(string prefix, int count)
{
    const string payload = """{"ts":"2026-12-03T10:00:00.000Z","source":"ulb-library1","mote":12,"temperature":21.53,"humidity":38.2,"light":121.4,"voltage":2.68}""";
    var failures = 0;
    await Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
    {
        var device = grains.GetGrain<IDeviceGrain>(prefix + i.ToString(CultureInfo.InvariantCulture));
        var provisioned = await device.Provision(new ProvisionRequest(365));
        var now = DateTimeOffset.UtcNow;
        var result = await device.Ingest(new IngestRequest(provisioned.Key!.Key, [new IngestReading(payload, now)], now, null));
        if (result.Outcome != IngestOutcome.Accepted)
        {
            Interlocked.Increment(ref failures);
        }
    });
    if (failures > 0)
    {
        throw new InvalidOperationException($"{failures} of {count} ingests were not accepted.");
    }
}

async Task HoldAsync(string stage)
{
    if (holdSeconds > 0)
    {
        Console.Error.WriteLine($"holding {holdSeconds} s at {stage} (pid {Environment.ProcessId})");
        await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
    }
}

async Task WaitDeliveredAsync(long expected)
{
    var waited = Stopwatch.StartNew();
    while (emulator.State.RecordCount < expected)
    {
        if (waited.Elapsed > TimeSpan.FromMinutes(10))
        {
            throw new TimeoutException($"Only {emulator.State.RecordCount} of {expected} readings were delivered.");
        }

        await Task.Delay(250);
    }

    // ConfirmDelivered reaches the grains just after the App's answer.
    await Task.Delay(1000);
}

// Polls until at most `atMost` device activations are left or the deadline passes; the seconds since `started`.
async Task<double> WaitForDeviceActivationsAsync(long atMost, long started, TimeSpan deadline)
{
    while (Stopwatch.GetElapsedTime(started) < deadline && await DeviceActivationsAsync() > atMost)
    {
        await Task.Delay(500);
    }

    return Stopwatch.GetElapsedTime(started).TotalSeconds;
}

async Task<long> DeviceActivationsAsync()
{
    var stats = await management.GetSimpleGrainStatistics();
    return stats.Where(s => s.GrainType.Contains("DeviceGrain", StringComparison.Ordinal)).Sum(s => (long)s.ActivationCount);
}

Snapshot Measure()
{
    for (var i = 0; i < 3; i++)
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
    return new Snapshot(GC.GetTotalMemory(false), info.HeapSizeBytes, info.TotalCommittedBytes, ReadRss());
}

static long ReadRss()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
    }

    return 0;
}

int IntArg(string name, int fallback) => StringArg(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? StringArg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

internal sealed record Snapshot(long HeapBytes, long GcHeapSizeBytes, long CommittedBytes, long RssBytes);
