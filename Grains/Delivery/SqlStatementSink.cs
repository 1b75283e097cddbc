using System.Net;
using System.Net.Http.Headers;
using Lakegate.Grains.Databricks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// Writes batches into a Delta table through a SQL warehouse with the Statement Execution API
/// (<c>POST /api/2.0/sql/statements</c>), idempotently on <c>(device_id, seq)</c> with MERGE statements
/// whose values are all named parameters (<see cref="SqlMergeBuilder"/>). A batch too big for one
/// statement is written with several, one after the other; a batch that fails part-way is retried whole,
/// and the MERGE leaves the records already written alone. A statement still PENDING or RUNNING after
/// the submission's wait is polled until it finishes or <see cref="SqlStatementOptions.MaxPollTime"/>
/// passes (then it is canceled and the batch retried). A FAILED statement (HTTP 200) is judged by its
/// error (<see cref="SqlStatementErrors"/>); 429 and 503 are retried after their Retry-After. Tokens are
/// handled as for every sink by <see cref="DatabricksHttpSender"/>.
/// </summary>
public sealed class SqlStatementSink(
    IHttpClientFactory httpClients,
    DatabricksHttpSender sender,
    IOptions<DatabricksOptions> databricks,
    IOptions<SqlStatementOptions> options,
    TimeProvider time,
    ILogger<SqlStatementSink> logger) : ITelemetrySink
{
    public const string HttpClientName = "databricks-sql";
    private const string Service = "SQL warehouse";
    private const string StatementsPath = "api/2.0/sql/statements";

    public async Task<SinkResult> SendAsync(SinkBatch batch, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.WarehouseId))
        {
            return SinkResult.Retry("Databricks:Sql:WarehouseId is not configured", DatabricksHttpSender.PermissionRetryDelay);
        }

        var table = SqlTableName.TryQuote(settings.Table, out var tableProblem);
        if (table is null)
        {
            return SinkResult.Retry(tableProblem, DatabricksHttpSender.PermissionRetryDelay);
        }

        Uri statementsUrl;
        try
        {
            statementsUrl = StatementsUrl(databricks.Value);
        }
        catch (Exception ex) when (ex is InvalidOperationException or UriFormatException)
        {
            return SinkResult.Retry(ex.Message, DatabricksHttpSender.PermissionRetryDelay);
        }

        var statements = SqlMergeBuilder.Build(batch.Records, table, settings);
        if (statements is null)
        {
            return new SinkResult(SinkOutcome.TooLarge, "a record does not fit in one statement");
        }

        var http = httpClients.CreateClient(HttpClientName);
        for (var index = 0; index < statements.Count; index++)
        {
            var statement = statements[index];
            var where = statements.Count == 1
                ? string.Empty
                : $" for records {statement.FirstRecord}..{statement.FirstRecord + statement.RecordCount - 1} (statement {index + 1} of {statements.Count})";
            var result = await RunAsync(http, statementsUrl, statement, settings, where, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                return result;
            }
        }

        return SinkResult.Delivered;
    }

    /// <summary>Runs one statement to its end: null when it succeeded, otherwise what to make of the batch.</summary>
    private async Task<SinkResult?> RunAsync(
        HttpClient http,
        Uri statementsUrl,
        SqlMergeStatement statement,
        SqlStatementOptions settings,
        string where,
        CancellationToken cancellationToken)
    {
        var body = SqlStatementRequestJson.Write(statement, settings.WarehouseId!, settings.WaitTimeoutText());
        var submittedAt = time.GetUtcNow();
        var answer = await sender.SendAsync(
            http,
            () => new HttpRequestMessage(HttpMethod.Post, statementsUrl)
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            },
            Service,
            cancellationToken).ConfigureAwait(false);
        var (status, failure) = Read(answer, polling: false);
        if (failure is not null)
        {
            return failure;
        }

        var deadline = submittedAt + settings.MaxPollTime;
        while (status!.IsInProgress)
        {
            if (status.StatementId is not { Length: > 0 } statementId)
            {
                return SinkResult.Retry($"statement {status.State} without a statement_id{where}");
            }

            var now = time.GetUtcNow();
            if (now >= deadline)
            {
                await CancelAsync(http, statementsUrl, statementId, cancellationToken).ConfigureAwait(false);
                return SinkResult.Retry($"statement {statementId} still {status.State} after {settings.MaxPollTime}{where}");
            }

            var pause = settings.PollInterval > TimeSpan.Zero ? settings.PollInterval : TimeSpan.FromMilliseconds(100);
            await Task.Delay(pause < deadline - now ? pause : deadline - now, time, cancellationToken).ConfigureAwait(false);
            answer = await sender.SendAsync(
                http,
                () => new HttpRequestMessage(HttpMethod.Get, StatementUrl(statementsUrl, statementId, string.Empty)),
                Service,
                cancellationToken).ConfigureAwait(false);
            (status, failure) = Read(answer, polling: true);
            if (failure is not null)
            {
                return failure;
            }
        }

        if (status.IsSucceeded)
        {
            return null;
        }

        if (status.IsFailed)
        {
            var result = SqlStatementErrors.Judge(status, where);
            logger.LogWarning("SQL statement {StatementId} failed{Where}: {ErrorCode}", status.StatementId, where, status.ErrorCode);
            return result;
        }

        return SinkResult.Retry($"statement {status.StatementId} ended {status.State}{where}");
    }

    private static (SqlStatementStatus? Status, SinkResult? Failure) Read(DatabricksHttpAnswer answer, bool polling)
    {
        if (answer.Failure is { } failure)
        {
            return (null, failure);
        }

        if (answer.IsSuccess)
        {
            return SqlStatementStatus.Parse(answer.Body) is { } status
                ? (status, null)
                : (null, SinkResult.Retry($"{Service} answered {(int)answer.Status} without a statement status"));
        }

        var message = DatabricksErrors.Message(answer.Body);
        return (null, answer.Status switch
        {
            HttpStatusCode.Forbidden => SinkResult.Retry($"{Service} refused access (403): {message}", DatabricksHttpSender.PermissionRetryDelay),
            HttpStatusCode.RequestEntityTooLarge => new SinkResult(SinkOutcome.TooLarge, "413"),
            // A statement that can no longer be polled is submitted again: the MERGE makes that harmless.
            HttpStatusCode.NotFound when polling => SinkResult.Retry($"statement no longer known (404): {message}"),
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound =>
                SinkResult.Retry($"{Service} refused the request ({(int)answer.Status}): {message}", DatabricksHttpSender.PermissionRetryDelay),
            _ => SinkResult.Retry($"{Service} answered {(int)answer.Status}", answer.RetryAfter),
        });
    }

    /// <summary>Best effort: a statement given up on should not keep the warehouse busy. Its outcome does not matter.</summary>
    private async Task CancelAsync(HttpClient http, Uri statementsUrl, string statementId, CancellationToken cancellationToken)
    {
        var answer = await sender.SendAsync(
            http,
            () => new HttpRequestMessage(HttpMethod.Post, StatementUrl(statementsUrl, statementId, "/cancel")),
            Service,
            cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            logger.LogInformation("Canceling SQL statement {StatementId} was not confirmed", statementId);
        }
    }

    private static Uri StatementUrl(Uri statementsUrl, string statementId, string suffix) =>
        new(statementsUrl.AbsoluteUri + "/" + Uri.EscapeDataString(statementId) + suffix);

    /// <summary><c>{Host}/api/2.0/sql/statements</c>.</summary>
    private static Uri StatementsUrl(DatabricksOptions databricks)
    {
        if (string.IsNullOrWhiteSpace(databricks.Host))
        {
            throw new InvalidOperationException("Databricks:Host (DATABRICKS_HOST) is not set.");
        }

        var host = databricks.Host.Contains("://", StringComparison.Ordinal) ? databricks.Host : "https://" + databricks.Host;
        return new Uri(new Uri(host.TrimEnd('/') + "/"), StatementsPath);
    }
}
