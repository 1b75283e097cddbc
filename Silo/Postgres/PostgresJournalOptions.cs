namespace Lakegate.Silo.Postgres;

/// <summary>Settings of <see cref="PostgresReadingJournal"/>.</summary>
public sealed class PostgresJournalOptions
{
    /// <summary>
    /// Most rows one round trip carries. A round takes whole requests only, so one request larger than this
    /// goes alone in its own round trip.
    /// </summary>
    public int MaxRowsPerRoundTrip { get; set; } = 5_000;

    /// <summary>
    /// Longest time one round (connect, send, commit, including one retry on a fresh connection) may take before
    /// its waiters fail with <c>JournalUnavailableException</c>.
    /// </summary>
    public TimeSpan RoundTripTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Written to each appended row's <c>silo</c> column; the silo's address when configured by the silo.</summary>
    public string? SiloName { get; set; }
}
