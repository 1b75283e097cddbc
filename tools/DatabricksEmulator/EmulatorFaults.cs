namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The fault switches of a running emulator, settable at any time from any thread.
/// Each property replaces one switch; <see cref="Apply"/> replaces them all at once.
/// Rate-based faults draw from one random source seeded with <see cref="Seed"/>, so a run that sends
/// the same requests in the same order sees the same faults.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly Lock gate = new();
    private EmulatorFaultSettings current = new();
    private Random random = new(EmulatorFaultSettings.DefaultSeed);

    /// <inheritdoc cref="EmulatorFaultSettings.AppLatencyMs"/>
    public int AppLatencyMs
    {
        get => Snapshot().AppLatencyMs;
        set => Change(settings => settings with { AppLatencyMs = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.AppErrorRate"/>
    public double AppErrorRate
    {
        get => Snapshot().AppErrorRate;
        set => Change(settings => settings with { AppErrorRate = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.AppThrottleRate"/>
    public double AppThrottleRate
    {
        get => Snapshot().AppThrottleRate;
        set => Change(settings => settings with { AppThrottleRate = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.AppRetryAfterSeconds"/>
    public int AppRetryAfterSeconds
    {
        get => Snapshot().AppRetryAfterSeconds;
        set => Change(settings => settings with { AppRetryAfterSeconds = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.AppDown"/>
    public bool AppDown
    {
        get => Snapshot().AppDown;
        set => Change(settings => settings with { AppDown = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.CommitThenTimeoutRate"/>
    public double CommitThenTimeoutRate
    {
        get => Snapshot().CommitThenTimeoutRate;
        set => Change(settings => settings with { CommitThenTimeoutRate = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.CommitThenTimeoutDelayMs"/>
    public int CommitThenTimeoutDelayMs
    {
        get => Snapshot().CommitThenTimeoutDelayMs;
        set => Change(settings => settings with { CommitThenTimeoutDelayMs = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.TokenLifetimeSecondsOverride"/>
    public int? TokenLifetimeSecondsOverride
    {
        get => Snapshot().TokenLifetimeSecondsOverride;
        set => Change(settings => settings with { TokenLifetimeSecondsOverride = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.TokenEndpointDown"/>
    public bool TokenEndpointDown
    {
        get => Snapshot().TokenEndpointDown;
        set => Change(settings => settings with { TokenEndpointDown = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.TokenEndpointThrottle"/>
    public bool TokenEndpointThrottle
    {
        get => Snapshot().TokenEndpointThrottle;
        set => Change(settings => settings with { TokenEndpointThrottle = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.TokenEndpointRetryAfterSeconds"/>
    public int TokenEndpointRetryAfterSeconds
    {
        get => Snapshot().TokenEndpointRetryAfterSeconds;
        set => Change(settings => settings with { TokenEndpointRetryAfterSeconds = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.TokenEndpointEmptyBody400"/>
    public bool TokenEndpointEmptyBody400
    {
        get => Snapshot().TokenEndpointEmptyBody400;
        set => Change(settings => settings with { TokenEndpointEmptyBody400 = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.TokenEndpointNoToken200"/>
    public bool TokenEndpointNoToken200
    {
        get => Snapshot().TokenEndpointNoToken200;
        set => Change(settings => settings with { TokenEndpointNoToken200 = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.PermissionDenied"/>
    public bool PermissionDenied
    {
        get => Snapshot().PermissionDenied;
        set => Change(settings => settings with { PermissionDenied = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.RejectPayloadsContaining"/>
    public string? RejectPayloadsContaining
    {
        get => Snapshot().RejectPayloadsContaining;
        set => Change(settings => settings with { RejectPayloadsContaining = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.SqlPendingPolls"/>
    public int SqlPendingPolls
    {
        get => Snapshot().SqlPendingPolls;
        set => Change(settings => settings with { SqlPendingPolls = value });
    }

    /// <inheritdoc cref="EmulatorFaultSettings.Seed"/>
    public int Seed
    {
        get => Snapshot().Seed;
        set
        {
            lock (gate)
            {
                Volatile.Write(ref current, current with { Seed = value });
                random = new Random(value);
            }
        }
    }

    /// <summary>The switches as they are now.</summary>
    public EmulatorFaultSettings Snapshot() => Volatile.Read(ref current);

    /// <summary>Replaces every switch and restarts the random sequence from the settings' seed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range; nothing is changed.</exception>
    public void Apply(EmulatorFaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        lock (gate)
        {
            Volatile.Write(ref current, settings);
            random = new Random(settings.Seed);
        }
    }

    /// <summary>Turns every fault off and restores the default seed.</summary>
    public void Clear() => Apply(new EmulatorFaultSettings());

    /// <summary>Draws from the seeded random source: true with probability <paramref name="rate"/>.</summary>
    internal bool Occurs(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        if (rate >= 1)
        {
            return true;
        }

        lock (gate)
        {
            return random.NextDouble() < rate;
        }
    }

    private void Change(Func<EmulatorFaultSettings, EmulatorFaultSettings> change)
    {
        lock (gate)
        {
            var changed = change(current);
            changed.Validate();
            Volatile.Write(ref current, changed);
        }
    }
}
