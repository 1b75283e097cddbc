namespace Lakegate.Silo.Postgres;

/// <summary>Counters of one group-commit queue of <see cref="PostgresReadingJournal"/> since it was created.</summary>
/// <param name="Requests">Calls that were queued (appends or removes).</param>
/// <param name="RoundTrips">Statements sent to PostgreSQL, successful or not (a retried round counts twice).</param>
/// <param name="Rows">Rows in successfully committed round trips.</param>
/// <param name="MaxRowsPerRoundTrip">Most rows one successful round trip carried.</param>
/// <param name="FailedRounds">Rounds whose waiters were failed with <c>JournalUnavailableException</c>.</param>
public readonly record struct GroupCommitStatistics(long Requests, long RoundTrips, long Rows, int MaxRowsPerRoundTrip, long FailedRounds)
{
    /// <summary>Average rows per round trip: the group-commit factor.</summary>
    public double RowsPerRoundTrip => RoundTrips == 0 ? 0 : (double)Rows / RoundTrips;
}
