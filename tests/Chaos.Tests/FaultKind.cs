namespace Lakegate.Chaos.Tests;

/// <summary>The failures a chaos run injects.</summary>
public enum FaultKind
{
    /// <summary>A silo dies without warning (<c>KillSiloAsync</c>); a replacement starts.</summary>
    SiloKill,

    /// <summary>A silo shuts down gracefully (<c>StopSiloAsync</c>); a replacement starts.</summary>
    SiloStop,

    /// <summary>The Databricks App answers every request 503.</summary>
    SinkOutage,

    /// <summary>The Databricks App answers slowly.</summary>
    SinkSlowdown,

    /// <summary>The Databricks App answers a share of requests 429 or 503 with Retry-After.</summary>
    SinkErrors,

    /// <summary>The App stores a share of batches and answers only after the client gave up.</summary>
    SinkCommitThenTimeout,

    /// <summary>The workspace token endpoint answers 503.</summary>
    TokenEndpointOutage,

    /// <summary>Every token issued so far stops working, and new ones are short-lived.</summary>
    EarlyTokenExpiry,

    /// <summary>PostgreSQL is stopped (connections cut) and started again.</summary>
    PostgresRestart,
}
