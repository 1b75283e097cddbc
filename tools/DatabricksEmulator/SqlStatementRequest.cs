namespace Lakegate.DatabricksEmulator;

/// <summary>The body of <c>POST /api/2.0/sql/statements</c> (snake_case JSON); unknown members are ignored.</summary>
internal sealed record SqlStatementRequest
{
    public string? WarehouseId { get; init; }

    public string? Statement { get; init; }

    /// <summary><c>0s</c>, or 5 to 50 seconds such as <c>10s</c>; default <c>10s</c>.</summary>
    public string? WaitTimeout { get; init; }

    /// <summary><c>CONTINUE</c> (default) or <c>CANCEL</c>: what happens to a statement still pending when the wait ends.</summary>
    public string? OnWaitTimeout { get; init; }

    public IReadOnlyList<SqlStatementParameter>? Parameters { get; init; }

    public string? Catalog { get; init; }

    public string? Schema { get; init; }
}
