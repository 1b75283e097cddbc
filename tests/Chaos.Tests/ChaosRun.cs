using Xunit.Abstractions;

namespace Lakegate.Chaos.Tests;

/// <summary>
/// A chaos run's common shape: devices provisioned, sustained ingest over HTTP while something goes wrong,
/// then the faults stop, the cluster settles and the invariants are checked and reported.
/// </summary>
public sealed class ChaosRun(ChaosCluster cluster, ITestOutputHelper output, string scenario, int seed)
{
    private readonly DateTime _started = DateTime.UtcNow;

    public IngestLedger Ledger { get; } = new();

    public IReadOnlyDictionary<string, string> Keys { get; private set; } = new Dictionary<string, string>();

    /// <summary>Progress goes to the test's output and, as it happens, to chaos-reports/progress.log (to watch a long run).</summary>
    public void Log(string line)
    {
        var stamped = $"[{(DateTime.UtcNow - _started).TotalSeconds,7:0.0}s] {line}";
        output.WriteLine(stamped);
        lock (ProgressGate)
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "chaos-reports");
            Directory.CreateDirectory(folder);
            File.AppendAllText(Path.Combine(folder, "progress.log"), $"{scenario} {stamped}{Environment.NewLine}");
        }
    }

    private static readonly Lock ProgressGate = new();

    public async Task ProvisionAsync(int devices)
    {
        cluster.Emulator.Faults.Seed = seed;
        Log($"chaos {scenario}: seed {seed} (replay with {ChaosProfile.SeedVariable}={seed})");
        var ids = Enumerable.Range(1, devices).Select(i => $"{scenario}-{i:D5}").ToArray();
        Keys = await cluster.ProvisionAsync(ids);
    }

    /// <summary>Drives ingest from every device while <paramref name="during"/> runs; stops the load when it ends.</summary>
    public async Task LoadWhileAsync(int senders, Func<Task> during)
    {
        using var stop = new CancellationTokenSource();
        var load = new FleetLoad(cluster.Http, Keys, seed, Ledger).RunAsync(senders, stop.Token);
        try
        {
            await during();
        }
        finally
        {
            Log("stopping the load");
            await stop.CancelAsync();
            await load;
        }
    }

    /// <summary>Clears every fault, makes sure the cluster is whole again, checks the invariants and fails the test on a violation.</summary>
    public async Task<ChaosReport> SettleAndCheckAsync(
        TimeSpan faultPhase, TimeSpan settleDeadline, int silos = 3, FaultInjector? injector = null, string profile = "targeted")
    {
        cluster.Emulator.Faults.Clear();
        while (cluster.LiveSilos().Count < silos)
        {
            await cluster.StartReplacementAsync();
        }

        Log($"faults over; {Ledger.AcknowledgedReadings} readings acknowledged; settling");
        var violations = await ChaosInvariants.CheckAsync(cluster, Ledger, settleDeadline);
        var stats = cluster.Emulator.State;
        var report = new ChaosReport(
            scenario, seed, profile, Keys.Count, faultPhase,
            Ledger.Acknowledged.Count, Ledger.AcknowledgedReadings, stats.RecordCount, stats.DuplicateCount, Ledger.Replays,
            cluster.ReplacementsStarted,
            injector?.Injected ?? new Dictionary<FaultKind, int>(),
            Ledger.Answers,
            injector?.Errors ?? [],
            violations);
        Log(report.ToString());
        Log($"report saved to {report.Save()}");
        Assert.True(violations.Count == 0, report.ToString());
        Assert.True(report.ReadingsAcknowledged > 0, "the run acknowledged nothing, so it proved nothing");
        return report;
    }
}
