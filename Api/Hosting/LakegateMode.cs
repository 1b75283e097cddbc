namespace Lakegate.Api.Hosting;

/// <summary>How the front door reaches the grains.</summary>
public enum LakegateMode
{
    /// <summary>No configuration: a co-hosted silo with in-memory state.</summary>
    Embedded,

    /// <summary>A Postgres connection string and Api:CoHostSilo=true: a durable silo in this process.</summary>
    DurableCoHosted,

    /// <summary>A Postgres connection string: this process is a client of separate silo processes.</summary>
    ClusterClient,
}
