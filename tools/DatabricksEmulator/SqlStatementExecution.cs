namespace Lakegate.DatabricksEmulator;

/// <summary>
/// One submitted statement and its lifecycle. A statement that parsed runs (stores its records) as soon as it
/// is submitted, or, under the <c>SqlPendingPolls</c> fault, stays PENDING for that many polls and runs on the
/// next one; its records land exactly when it reports SUCCEEDED. A canceled pending statement stores nothing.
/// Thread-safe.
/// </summary>
internal sealed class SqlStatementExecution
{
    private readonly Lock gate = new();
    private readonly SqlRecordStatementKind kind;
    private IReadOnlyList<EmulatorRecord>? recordsToStore;
    private int pendingPollsLeft;
    private SqlStatementResponse response;

    private SqlStatementExecution(string statementId, SqlRecordStatementKind kind, IReadOnlyList<EmulatorRecord>? records, int pendingPolls, SqlStatementResponse response)
    {
        StatementId = statementId;
        this.kind = kind;
        recordsToStore = records;
        pendingPollsLeft = pendingPolls;
        this.response = response;
    }

    public string StatementId { get; }

    /// <summary>The statement's answer as of now.</summary>
    public SqlStatementResponse Response
    {
        get
        {
            lock (gate)
            {
                return response;
            }
        }
    }

    public static SqlStatementExecution Failed(string statementId, SqlStatementFailure failure) => new(
        statementId,
        SqlRecordStatementKind.Insert,
        null,
        0,
        SqlStatementResponse.WithoutResult(statementId, SqlStatementState.Failed, new DatabricksErrorBody("BAD_REQUEST", failure.Message)));

    public static SqlStatementExecution Submit(
        string statementId,
        SqlRecordStatementKind kind,
        IReadOnlyList<EmulatorRecord> records,
        int pendingPolls,
        EmulatorState state)
    {
        var execution = new SqlStatementExecution(
            statementId, kind, records, pendingPolls, SqlStatementResponse.WithoutResult(statementId, SqlStatementState.Pending));
        if (pendingPolls == 0)
        {
            execution.Run(state);
        }

        return execution;
    }

    /// <summary>A <c>GET</c> of the statement: counts down a pending statement and runs it when the count is spent.</summary>
    public SqlStatementResponse Poll(EmulatorState state)
    {
        lock (gate)
        {
            if (recordsToStore is not null)
            {
                if (pendingPollsLeft > 0)
                {
                    pendingPollsLeft--;
                }
                else
                {
                    Run(state);
                }
            }

            return response;
        }
    }

    /// <summary>Cancels the statement if it has not run yet.</summary>
    public SqlStatementResponse Cancel()
    {
        lock (gate)
        {
            if (recordsToStore is not null)
            {
                recordsToStore = null;
                response = SqlStatementResponse.WithoutResult(StatementId, SqlStatementState.Canceled);
            }

            return response;
        }
    }

    /// <summary>Stores the records; called under <see cref="gate"/> or before the execution is shared.</summary>
    private void Run(EmulatorState state)
    {
        var outcome = state.Store(recordsToStore!);
        recordsToStore = null;
        response = kind == SqlRecordStatementKind.Merge
            ? SqlStatementResponse.Succeeded(StatementId, [("num_affected_rows", outcome.Stored), ("num_updated_rows", 0), ("num_deleted_rows", 0), ("num_inserted_rows", outcome.Stored)])
            : SqlStatementResponse.Succeeded(StatementId, [("num_affected_rows", outcome.Stored), ("num_inserted_rows", outcome.Stored)]);
    }
}
