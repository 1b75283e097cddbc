using Xunit.Abstractions;

namespace Lakegate.Chaos.Tests;

/// <summary>
/// Sustained ingest from a fleet over HTTP into a three-silo durable cluster while a seeded random schedule
/// kills and stops silos, takes Databricks' App and token endpoint down or makes them slow, erratic or late,
/// expires tokens early and restarts PostgreSQL. Then every 202 must have landed exactly once.
/// </summary>
public sealed class RandomFaultMixTests(ITestOutputHelper output)
{
    [Fact(Timeout = 50 * 60_000)]
    public async Task Every_acknowledged_reading_lands_exactly_once_under_a_random_mix_of_faults()
    {
        var profile = ChaosProfile.FromEnvironment();
        var seed = ChaosProfile.SeedFromEnvironment();
        var schedule = FaultSchedule.Create(seed, profile.FaultPhase, profile.MeanTimeBetweenFaults);
        await using var cluster = await ChaosCluster.StartAsync("mix");
        var run = new ChaosRun(cluster, output, "mix", seed);
        await run.ProvisionAsync(profile.Devices);
        run.Log($"profile {profile.Name}: {profile.Devices} devices, {profile.Senders} senders, {schedule.Count} faults over {profile.FaultPhase.TotalSeconds:0} s");

        var injector = new FaultInjector(cluster, run.Log);
        await run.LoadWhileAsync(profile.Senders, async () =>
        {
            using var phase = new CancellationTokenSource(profile.FaultPhase);
            await injector.RunAsync(schedule, phase.Token);
            if (!phase.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, phase.Token);
                }
                catch (OperationCanceledException)
                {
                    // The fault phase is over.
                }
            }
        });

        var report = await run.SettleAndCheckAsync(profile.FaultPhase, profile.SettleDeadline, injector: injector, profile: profile.Name);
        Assert.True(report.IdempotentReplays > 0, "no acknowledged request was sent again, so idempotency went unchecked");
        Assert.True(report.Faults.Values.Sum() == schedule.Count, $"{report.Faults.Values.Sum()} of {schedule.Count} scheduled faults injected");
    }
}
