namespace Lakegate.Grains.Delivery;

/// <summary>
/// How the SQL sink writes through the Statement Execution API. Bound from "Databricks:Sql";
/// DATABRICKS_WAREHOUSE_ID fills <see cref="WarehouseId"/> when the section leaves it empty.
/// </summary>
public sealed class SqlStatementOptions
{
    public const string SectionName = "Databricks:Sql";

    /// <summary>The API's limit on statement text; parameter values are counted against it too, to stay clear of it.</summary>
    public const int ApiMaxStatementBytes = 16 * 1024 * 1024;

    /// <summary>The SQL warehouse that runs the statements.</summary>
    public string? WarehouseId { get; set; }

    /// <summary>The Delta table, as <c>catalog.schema.table</c> (parts may be back-quoted).</summary>
    public string? Table { get; set; }

    /// <summary>How long a submission waits for the statement to finish before it is polled; 0, or 5 to 50 seconds.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time between polls of a statement that is still pending or running.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a statement may stay pending or running before it is canceled and the batch retried.</summary>
    public TimeSpan MaxPollTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most records (rows) in one statement; a larger batch is written with several statements.</summary>
    public int MaxRecordsPerStatement { get; set; } = 200;

    /// <summary>Most named parameters in one statement (the warehouse accepts at most 255).</summary>
    public int MaxParametersPerStatement { get; set; } = 255;

    /// <summary>Most bytes of statement text and parameter values in one statement.</summary>
    public int MaxStatementBytes { get; set; } = ApiMaxStatementBytes;

    /// <summary><see cref="WaitTimeout"/> in whole seconds, moved into the range the API accepts (0, or 5 to 50).</summary>
    public int WaitTimeoutSeconds()
    {
        var seconds = (int)Math.Ceiling(Math.Min(WaitTimeout.TotalSeconds, 3600));
        return seconds <= 0 ? 0 : Math.Clamp(seconds, 5, 50);
    }

    /// <summary><see cref="WaitTimeoutSeconds"/> as the API spells it, e.g. <c>10s</c>.</summary>
    public string WaitTimeoutText() => WaitTimeoutSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "s";
}
