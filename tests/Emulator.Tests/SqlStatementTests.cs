using System.Net;
using System.Text.Json;

namespace Lakegate.DatabricksEmulator.Tests;

public sealed class SqlStatementTests(EmulatorFixture fixture) : EmulatorTest<EmulatorFixture>(fixture, withToken: true)
{
    private const string Columns = "device_id, seq, event_time, received_at, payload";


    [Fact]
    public async Task Insert_with_literal_values_stores_records_and_reports_counts()
    {
        var statement = $"""
            INSERT INTO main.lakegate.telemetry ({Columns})
            VALUES ('dev', 1, '2025-03-01T10:00:00Z', '2025-03-01 10:00:01', '{"{"}"t": 1{"}"}'),
                   ('dev', 2L, TIMESTAMP '2025-03-01T10:00:02Z', '2025-03-01T10:00:03Z', PARSE_JSON('{"{"}"t": 2{"}"}'))
            """;

        var result = await SubmitAsync(new { warehouse_id = "wh-1", statement, wait_timeout = "10s" });

        Assert.Equal("SUCCEEDED", State(result));
        Assert.Equal(["num_affected_rows", "num_inserted_rows"], ColumnNames(result));
        Assert.Equal(["2", "2"], FirstRow(result));
        var records = Server.State.GetRecords("dev");
        Assert.Equal([1L, 2L], records.Select(r => r.Seq));
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 1, TimeSpan.Zero), records[0].ReceivedAt);
        Assert.Equal("""{"t": 2}""", records[1].PayloadJson);
        Assert.StartsWith("sql:", records[0].BatchId);
        Assert.Equal(1, Server.State.SqlStatementCount);
    }

    [Fact]
    public async Task Insert_with_named_parameters_binds_them()
    {
        var result = await SubmitAsync(new
        {
            warehouse_id = "wh-1",
            statement = $"INSERT INTO t ({Columns}, batch_id) VALUES (:device_id, :seq, :event_time, :received_at, :payload, :batch_id)",
            parameters = new object[]
            {
                new { name = "device_id", value = "dev-p" },
                new { name = "seq", value = "17", type = "BIGINT" },
                new { name = "event_time", value = "2025-03-01T10:00:00Z", type = "TIMESTAMP" },
                new { name = "received_at", value = "2025-03-01T10:00:01.5Z", type = "TIMESTAMP" },
                new { name = "payload", value = """{"temperature": 20}""" },
                new { name = "batch_id", value = "batch-42" },
            },
        });

        Assert.Equal("SUCCEEDED", State(result));
        var record = Assert.Single(Server.State.GetRecords("dev-p"));
        Assert.Equal(17, record.Seq);
        Assert.Equal("batch-42", record.BatchId);
        Assert.Equal("""{"temperature": 20}""", record.PayloadJson);
    }

    [Fact]
    public async Task Merge_inserts_only_new_device_seq_pairs_and_counts_the_rest_as_duplicates()
    {
        (await Client.PostIngestAsync(Token, IngestBodies.Batch("app-batch", "dev", [1]))).Dispose();
        var statement = $"""
            MERGE INTO main.lakegate.telemetry AS t
            USING (VALUES ('dev', 1, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z', '{"{"}{"}"}'),
                          ('dev', 2, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z', '{"{"}{"}"}')) AS s ({Columns})
            ON t.device_id = s.device_id AND t.seq = s.seq
            WHEN NOT MATCHED THEN INSERT *
            """;

        var result = await SubmitAsync(new { warehouse_id = "wh-1", statement });

        Assert.Equal("SUCCEEDED", State(result));
        Assert.Equal(["num_affected_rows", "num_updated_rows", "num_deleted_rows", "num_inserted_rows"], ColumnNames(result));
        Assert.Equal(["1", "0", "0", "1"], FirstRow(result));
        Assert.Equal(2, Server.State.RecordCount);
        Assert.Equal(1, Server.State.DuplicateCount);
        Assert.Equal("app-batch", Server.State.GetRecords("dev")[0].BatchId);
    }

    [Fact]
    public async Task A_syntax_error_is_http_200_with_state_failed_and_stores_nothing()
    {
        var result = await SubmitAsync(new { warehouse_id = "wh-1", statement = $"INSERT INTO t ({Columns}) VALUES ('dev', 1" });

        Assert.Equal("FAILED", State(result));
        var error = result.GetProperty("status").GetProperty("error");
        Assert.Equal("BAD_REQUEST", error.GetProperty("error_code").GetString());
        Assert.StartsWith("[PARSE_SYNTAX_ERROR]", error.GetProperty("message").GetString());
        Assert.False(result.TryGetProperty("result", out _));
        Assert.Equal(0, Server.State.RecordCount);
    }

    [Theory]
    [InlineData("SELECT 1", "[UNSUPPORTED_STATEMENT]")]
    [InlineData("INSERT INTO t (device_id, seq, event_time, received_at, payload) VALUES (:missing, 1, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z', '{}')", "[UNBOUND_SQL_PARAMETER]")]
    [InlineData("INSERT INTO t (device_id, seq, event_time, received_at) VALUES ('d', 1, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z')", "[MISSING_COLUMNS]")]
    [InlineData("INSERT INTO t (device_id, seq, event_time, received_at, payload) VALUES ('d', 1, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z')", "[INSERT_COLUMN_ARITY_MISMATCH]")]
    [InlineData("INSERT INTO t (device_id, seq, event_time, received_at, payload) VALUES ('d', 1, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z', '{}'), ('d', -2, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z', '{}')", "row 1: seq")]
    [InlineData("INSERT INTO t (device_id, seq, event_time, received_at, payload) VALUES ('d', 1, 'soon', '2025-03-01T10:00:00Z', '{}')", "row 0: event_time")]
    [InlineData("INSERT INTO t (device_id, seq, event_time, received_at, payload) VALUES ('d', 1, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z', '[1]')", "row 0: payload")]
    [InlineData("MERGE INTO t USING (VALUES ('d', 1, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z', '{}')) AS s (device_id, seq, event_time, received_at, payload) ON t.seq = s.seq WHEN MATCHED THEN DELETE", "[UNSUPPORTED_STATEMENT]")]
    public async Task Refused_statements_fail_whole_and_store_nothing(string statement, string expectedInMessage)
    {
        var result = await SubmitAsync(new { warehouse_id = "wh-1", statement });

        Assert.Equal("FAILED", State(result));
        Assert.Contains(expectedInMessage, result.GetProperty("status").GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(0, Server.State.RecordCount);
    }

    [Theory]
    [InlineData("""{"statement": "SELECT 1"}""", "INVALID_PARAMETER_VALUE")]
    [InlineData("""{"warehouse_id": "wh"}""", "INVALID_PARAMETER_VALUE")]
    [InlineData("""{"warehouse_id": "wh", "statement": "SELECT 1", "wait_timeout": "3s"}""", "INVALID_PARAMETER_VALUE")]
    [InlineData("""{"warehouse_id": "wh", "statement": "SELECT 1", "on_wait_timeout": "LATER"}""", "INVALID_PARAMETER_VALUE")]
    [InlineData("""{"warehouse_id": "wh", "statement": "SELECT 1", "parameters": [{"value": "x"}]}""", "INVALID_PARAMETER_VALUE")]
    [InlineData("""{"warehouse_id": """, "MALFORMED_REQUEST")]
    public async Task Malformed_requests_are_http_400(string body, string errorCode)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/2.0/sql/statements")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", Token);

        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = await EmulatorClient.ReadJsonAsync(response);
        Assert.Equal(errorCode, error.RootElement.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Pending_fault_keeps_the_statement_pending_for_n_polls_and_stores_only_when_it_succeeds()
    {
        Server.Faults.SqlPendingPolls = 2;

        var submitted = await SubmitAsync(new { warehouse_id = "wh-1", statement = InsertOf("dev", 1), wait_timeout = "0s" });
        var statementId = submitted.GetProperty("statement_id").GetString()!;

        Assert.Equal("PENDING", State(submitted));
        Assert.Equal(0, Server.State.RecordCount);
        Assert.Equal("PENDING", State(await PollAsync(statementId)));
        Assert.Equal("PENDING", State(await PollAsync(statementId)));
        Assert.Equal(0, Server.State.RecordCount);

        var done = await PollAsync(statementId);

        Assert.Equal("SUCCEEDED", State(done));
        Assert.Equal(["1", "1"], FirstRow(done));
        Assert.Equal(1, Server.State.RecordCount);
        Assert.Equal("SUCCEEDED", State(await PollAsync(statementId)));
        Assert.Equal(1, Server.State.RecordCount);
    }

    [Fact]
    public async Task A_canceled_pending_statement_stores_nothing()
    {
        Server.Faults.SqlPendingPolls = 1;
        var submitted = await SubmitAsync(new { warehouse_id = "wh-1", statement = InsertOf("dev", 1) });
        var statementId = submitted.GetProperty("statement_id").GetString()!;

        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"api/2.0/sql/statements/{statementId}/cancel");
        cancel.Headers.Authorization = new("Bearer", Token);
        using var canceled = await Client.Http.SendAsync(cancel);

        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        Assert.Equal("CANCELED", State(await PollAsync(statementId)));
        Assert.Equal("CANCELED", State(await PollAsync(statementId)));
        Assert.Equal(0, Server.State.RecordCount);
    }

    [Fact]
    public async Task On_wait_timeout_cancel_cancels_a_statement_still_pending()
    {
        Server.Faults.SqlPendingPolls = 1;

        var submitted = await SubmitAsync(new { warehouse_id = "wh-1", statement = InsertOf("dev", 1), wait_timeout = "5s", on_wait_timeout = "CANCEL" });

        Assert.Equal("CANCELED", State(submitted));
        Assert.Equal("CANCELED", State(await PollAsync(submitted.GetProperty("statement_id").GetString()!)));
        Assert.Equal(0, Server.State.RecordCount);
    }

    [Fact]
    public async Task An_unknown_statement_is_404()
    {
        using var response = await Client.GetStatementAsync(Token, "no-such-statement");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var error = await EmulatorClient.ReadJsonAsync(response);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.RootElement.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Statements_need_a_valid_bearer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/2.0/sql/statements")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { warehouse_id = "wh-1", statement = InsertOf("dev", 1) }),
        };

        using var response = await Client.Http.SendAsync(request);

        await BearerCheckTests.AssertWorkspaceErrorAsync(response, 401, "Credential was not sent or was of an unsupported type for this API.");
        Assert.Equal(0, Server.State.SqlStatementCount);
    }

    private static string InsertOf(string deviceId, long seq) =>
        $"INSERT INTO t ({Columns}) VALUES ('{deviceId}', {seq}, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z', '{{}}')";

    private async Task<JsonElement> SubmitAsync(object body)
    {
        using var response = await Client.PostStatementAsync(Token, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = await EmulatorClient.ReadJsonAsync(response);
        return document.RootElement.Clone();
    }

    private async Task<JsonElement> PollAsync(string statementId)
    {
        using var response = await Client.GetStatementAsync(Token, statementId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = await EmulatorClient.ReadJsonAsync(response);
        return document.RootElement.Clone();
    }

    private static string? State(JsonElement statement) => statement.GetProperty("status").GetProperty("state").GetString();

    private static string[] ColumnNames(JsonElement statement) =>
        statement.GetProperty("manifest").GetProperty("schema").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();

    private static string[] FirstRow(JsonElement statement) =>
        statement.GetProperty("result").GetProperty("data_array")[0].EnumerateArray().Select(v => v.GetString()!).ToArray();
}
