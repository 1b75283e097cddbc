using System.Collections.Concurrent;
using System.Diagnostics;
using Lakegate.DatabricksEmulator;

namespace Lakegate.Chaos.Tests;

/// <summary>
/// Plays a fault schedule against a <see cref="ChaosCluster"/>: switches the emulator's faults on and off
/// (overlapping faults of one kind keep it on until the last ends), kills or stops silos and starts
/// replacements, restarts PostgreSQL. Counts what it injected, by kind.
/// </summary>
public sealed class FaultInjector(ChaosCluster cluster, Action<string> log)
{
    private readonly ConcurrentDictionary<FaultKind, int> _injected = new();
    private readonly ConcurrentDictionary<FaultKind, int> _active = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly SemaphoreSlim _nodeFaults = new(1, 1);

    public IReadOnlyDictionary<FaultKind, int> Injected => new SortedDictionary<FaultKind, int>(_injected);

    /// <summary>Faults that could not be injected (a replacement silo that would not start, say).</summary>
    public IReadOnlyCollection<string> Errors => [.. _errors];

    public async Task RunAsync(IReadOnlyList<ScheduledFault> schedule, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var running = new List<Task>();
        foreach (var fault in schedule)
        {
            var due = fault.At - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            running.Add(InjectAsync(fault));
        }

        await Task.WhenAll(running);
    }

    /// <summary>Injects one fault now and ends it after its duration.</summary>
    public async Task InjectAsync(ScheduledFault fault)
    {
        log($"{fault}");
        _injected.AddOrUpdate(fault.Kind, 1, (_, n) => n + 1);
        try
        {
            switch (fault.Kind)
            {
                case FaultKind.SiloKill:
                case FaultKind.SiloStop:
                    await _nodeFaults.WaitAsync();
                    try
                    {
                        await cluster.ReplaceSiloAsync(fault.Target, graceful: fault.Kind == FaultKind.SiloStop);
                    }
                    finally
                    {
                        _nodeFaults.Release();
                    }

                    break;
                case FaultKind.PostgresRestart:
                    await _nodeFaults.WaitAsync();
                    try
                    {
                        await cluster.RestartPostgresAsync(fault.Duration);
                    }
                    finally
                    {
                        _nodeFaults.Release();
                    }

                    break;
                case FaultKind.EarlyTokenExpiry:
                    // Short-lived tokens from now on, and every token already issued is refused from now on.
                    await WhileActiveAsync(fault, f => f.TokenLifetimeSecondsOverride = 90, f => f.TokenLifetimeSecondsOverride = null,
                        () => cluster.Emulator.State.RevokeAllTokens());
                    break;
                default:
                    await WhileActiveAsync(fault, Switch(fault.Kind, on: true), Switch(fault.Kind, on: false));
                    break;
            }
        }
        catch (Exception ex)
        {
            _errors.Enqueue($"{fault}: {ex.GetType().Name}: {ex.Message}");
            log($"  failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task WhileActiveAsync(ScheduledFault fault, Action<EmulatorFaults> on, Action<EmulatorFaults> off, Action? onEveryStart = null)
    {
        if (_active.AddOrUpdate(fault.Kind, 1, (_, n) => n + 1) == 1)
        {
            on(cluster.Emulator.Faults);
        }

        onEveryStart?.Invoke();
        await Task.Delay(fault.Duration);
        if (_active.AddOrUpdate(fault.Kind, 0, (_, n) => n - 1) == 0)
        {
            off(cluster.Emulator.Faults);
        }
    }

    private static Action<EmulatorFaults> Switch(FaultKind kind, bool on) => kind switch
    {
        FaultKind.SinkOutage => f => f.AppDown = on,
        FaultKind.SinkSlowdown => f => f.AppLatencyMs = on ? 1_500 : 0,
        FaultKind.SinkErrors => f =>
        {
            f.AppErrorRate = on ? 0.3 : 0;
            f.AppThrottleRate = on ? 0.2 : 0;
        },
        FaultKind.SinkCommitThenTimeout => f =>
        {
            f.CommitThenTimeoutRate = on ? 0.3 : 0;
            f.CommitThenTimeoutDelayMs = 4_000;
        },
        FaultKind.TokenEndpointOutage => f => f.TokenEndpointDown = on,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an emulator switch"),
    };
}
