using System.Text.Json.Serialization;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// One complete, immutable set of fault switches. The default instance injects no fault.
/// This is also the JSON shape of <c>GET</c>/<c>PUT /_emulator/faults</c> (camelCase).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EmulatorFaultSettings
{
    public const int DefaultSeed = 1729;

    /// <summary>Delay added before every App ingest request is handled, in milliseconds.</summary>
    public int AppLatencyMs { get; init; }

    /// <summary>Share (0..1) of App ingest requests answered 503 with <c>Retry-After</c>.</summary>
    public double AppErrorRate { get; init; }

    /// <summary>Share (0..1) of App ingest requests answered 429 with <c>Retry-After</c>.</summary>
    public double AppThrottleRate { get; init; }

    /// <summary>The <c>Retry-After</c> (seconds) sent with App 429 and 503 answers.</summary>
    public int AppRetryAfterSeconds { get; init; } = 1;

    /// <summary>Every App request is answered 503.</summary>
    public bool AppDown { get; init; }

    /// <summary>
    /// Share (0..1) of valid App ingest batches that are stored and then answered only after
    /// <see cref="CommitThenTimeoutDelayMs"/>, so that a client times out and retries a batch that landed.
    /// </summary>
    public double CommitThenTimeoutRate { get; init; }

    /// <summary>How long a committed-then-timed-out batch's answer is held back, in milliseconds.</summary>
    public int CommitThenTimeoutDelayMs { get; init; } = 30_000;

    /// <summary>When set, tokens are issued with this lifetime (seconds) instead of the configured one.</summary>
    public int? TokenLifetimeSecondsOverride { get; init; }

    /// <summary>The token endpoint answers 503 with <c>Retry-After</c>.</summary>
    public bool TokenEndpointDown { get; init; }

    /// <summary>The token endpoint answers 429 with <c>Retry-After</c>.</summary>
    public bool TokenEndpointThrottle { get; init; }

    /// <summary>The <c>Retry-After</c> (seconds) sent with token endpoint 429 and 503 answers.</summary>
    public int TokenEndpointRetryAfterSeconds { get; init; } = 1;

    /// <summary>The token endpoint answers 400 with an empty body.</summary>
    public bool TokenEndpointEmptyBody400 { get; init; }

    /// <summary>The token endpoint answers 200 with a JSON body that has no <c>access_token</c>.</summary>
    public bool TokenEndpointNoToken200 { get; init; }

    /// <summary>The App answers 403 "User does not have CAN_USE permission" to valid tokens.</summary>
    public bool PermissionDenied { get; init; }

    /// <summary>
    /// Poison records: the App refuses, as invalid (400 naming them in <c>invalid_records</c>), every record
    /// whose payload contains this text; the rest of such a batch is not stored either. Null: none.
    /// </summary>
    public string? RejectPayloadsContaining { get; init; }

    /// <summary>SQL statements answer PENDING on submission and on this many polls before they run.</summary>
    public int SqlPendingPolls { get; init; }

    /// <summary>Seed of the random source that decides the rate-based faults; setting it restarts the sequence.</summary>
    public int Seed { get; init; } = DefaultSeed;

    internal void Validate()
    {
        RequireNonNegative(AppLatencyMs, nameof(AppLatencyMs));
        RequireRate(AppErrorRate, nameof(AppErrorRate));
        RequireRate(AppThrottleRate, nameof(AppThrottleRate));
        RequireNonNegative(AppRetryAfterSeconds, nameof(AppRetryAfterSeconds));
        RequireRate(CommitThenTimeoutRate, nameof(CommitThenTimeoutRate));
        RequireNonNegative(CommitThenTimeoutDelayMs, nameof(CommitThenTimeoutDelayMs));
        if (TokenLifetimeSecondsOverride is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TokenLifetimeSecondsOverride), TokenLifetimeSecondsOverride, "must be positive when set");
        }

        RequireNonNegative(TokenEndpointRetryAfterSeconds, nameof(TokenEndpointRetryAfterSeconds));
        RequireNonNegative(SqlPendingPolls, nameof(SqlPendingPolls));
    }

    private static void RequireRate(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be between 0 and 1");
        }
    }

    private static void RequireNonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "must not be negative");
        }
    }
}
