using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lakegate.DatabricksEmulator;

/// <summary>
/// The SQL Statement Execution API: submit (<c>POST /api/2.0/sql/statements</c>), poll
/// (<c>GET .../{statement_id}</c>) and cancel (<c>POST .../{statement_id}/cancel</c>). A malformed request is
/// an HTTP 400; a statement the warehouse refuses is HTTP 200 with <c>status.state = FAILED</c>.
/// </summary>
internal static partial class SqlStatementEndpoints
{
    public const string StatementsPath = "/api/2.0/sql/statements";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(StatementsPath, SubmitAsync);
        endpoints.MapGet(StatementsPath + "/{statementId}", (string statementId, EmulatorState state) =>
            state.Statements.TryGet(statementId, out var execution)
                ? Results.Json(execution!.Poll(state), EmulatorJson.Databricks)
                : StatementNotFound(statementId));
        endpoints.MapPost(StatementsPath + "/{statementId}/cancel", (string statementId, EmulatorState state) =>
        {
            if (!state.Statements.TryGet(statementId, out var execution))
            {
                return StatementNotFound(statementId);
            }

            execution!.Cancel();
            return Results.Json(new { }, EmulatorJson.Databricks);
        });
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, EmulatorState state, EmulatorFaults faults)
    {
        SqlStatementRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<SqlStatementRequest>(request.Body, EmulatorJson.Databricks, request.HttpContext.RequestAborted);
        }
        catch (JsonException exception)
        {
            return DatabricksErrorResults.Error(StatusCodes.Status400BadRequest, "MALFORMED_REQUEST", $"Could not parse request object: {exception.Message}");
        }

        if (body is null)
        {
            return InvalidParameter("The request body must be a JSON object.");
        }

        if (string.IsNullOrWhiteSpace(body.WarehouseId))
        {
            return InvalidParameter("warehouse_id is required.");
        }

        if (string.IsNullOrWhiteSpace(body.Statement))
        {
            return InvalidParameter("statement is required.");
        }

        var waitSeconds = 10;
        if (body.WaitTimeout is not null)
        {
            var match = WaitTimeoutShape().Match(body.WaitTimeout);
            if (!match.Success
                || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out waitSeconds)
                || (waitSeconds != 0 && waitSeconds is < 5 or > 50))
            {
                return InvalidParameter("wait_timeout must be 0s or between 5s and 50s.");
            }
        }

        var cancelOnWaitTimeout = string.Equals(body.OnWaitTimeout, "CANCEL", StringComparison.OrdinalIgnoreCase);
        if (body.OnWaitTimeout is not null && !cancelOnWaitTimeout && !string.Equals(body.OnWaitTimeout, "CONTINUE", StringComparison.OrdinalIgnoreCase))
        {
            return InvalidParameter("on_wait_timeout must be CONTINUE or CANCEL.");
        }

        var parameters = new Dictionary<string, SqlValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in body.Parameters ?? [])
        {
            if (string.IsNullOrEmpty(parameter.Name))
            {
                return InvalidParameter("Every parameter needs a name.");
            }

            if (!parameters.TryAdd(parameter.Name, parameter.ToValue()))
            {
                return InvalidParameter($"The parameter {parameter.Name} is given twice.");
            }
        }

        state.CountSqlStatement();
        var statementId = Guid.NewGuid().ToString();
        SqlStatementExecution execution;
        try
        {
            var statement = SqlRecordStatementParser.Parse(body.Statement, parameters);
            var records = SqlRecordMapper.Map(statement, statementId);
            execution = SqlStatementExecution.Submit(statementId, statement.Kind, records, faults.Snapshot().SqlPendingPolls, state);
            if (cancelOnWaitTimeout && waitSeconds > 0)
            {
                execution.Cancel();
            }
        }
        catch (SqlStatementFailure failure)
        {
            execution = SqlStatementExecution.Failed(statementId, failure);
        }

        state.Statements.Add(execution);
        return Results.Json(execution.Response, EmulatorJson.Databricks);
    }

    private static IResult InvalidParameter(string message) =>
        DatabricksErrorResults.Error(StatusCodes.Status400BadRequest, "INVALID_PARAMETER_VALUE", message);

    private static IResult StatementNotFound(string statementId) =>
        DatabricksErrorResults.Error(StatusCodes.Status404NotFound, "RESOURCE_DOES_NOT_EXIST", $"Statement {statementId} does not exist.");

    [GeneratedRegex("^([0-9]{1,3})s$", RegexOptions.CultureInvariant)]
    private static partial Regex WaitTimeoutShape();
}
