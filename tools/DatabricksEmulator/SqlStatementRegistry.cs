using System.Collections.Concurrent;

namespace Lakegate.DatabricksEmulator;

/// <summary>The statements submitted so far, so they can be polled; the oldest are forgotten past a fixed capacity. Thread-safe.</summary>
internal sealed class SqlStatementRegistry
{
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, SqlStatementExecution> byId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> submissionOrder = new();

    public void Add(SqlStatementExecution execution)
    {
        byId[execution.StatementId] = execution;
        submissionOrder.Enqueue(execution.StatementId);
        while (submissionOrder.Count > Capacity && submissionOrder.TryDequeue(out var oldest))
        {
            byId.TryRemove(oldest, out _);
        }
    }

    public bool TryGet(string statementId, out SqlStatementExecution? execution) => byId.TryGetValue(statementId, out execution);

    public void Clear()
    {
        byId.Clear();
        submissionOrder.Clear();
    }
}
