using System.Buffers;
using System.Text.Json;

// Upper-bound endpoint: POST /v1/devices/{deviceId}/telemetry parses the body with System.Text.Json (as
// Lakegate's TelemetryBodyParser does) and answers 202 {"accepted","firstSeq","lastSeq"}. Nothing is stored.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
long sequence = 0;

app.MapPost("/v1/devices/{deviceId}/telemetry", async (string deviceId, HttpContext context) =>
{
    var authorization = context.Request.Headers.Authorization.ToString();
    if (authorization.Length == 0 || deviceId.Length == 0)
    {
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    var body = await ReadBodyAsync(context.Request, context.RequestAborted);
    int count;
    try
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        count = CountReadings(document.RootElement);
    }
    catch (JsonException)
    {
        return Results.StatusCode(StatusCodes.Status400BadRequest);
    }

    if (count == 0)
    {
        return Results.StatusCode(StatusCodes.Status400BadRequest);
    }

    var last = Interlocked.Add(ref sequence, count);
    return Results.Json(new TelemetryAccepted(count, last - count + 1, last), statusCode: StatusCodes.Status202Accepted);
});

app.MapGet("/readyz", () => Results.Text("ready"));
await app.RunAsync();

static int CountReadings(JsonElement root)
{
    if (root.ValueKind == JsonValueKind.Object)
    {
        return Touch(root) ? 1 : 0;
    }

    if (root.ValueKind != JsonValueKind.Array)
    {
        return 0;
    }

    var count = 0;
    foreach (var reading in root.EnumerateArray())
    {
        if (reading.ValueKind != JsonValueKind.Object || !Touch(reading))
        {
            return 0;
        }

        count++;
    }

    return count;
}

// Like Lakegate, look at the event time and keep the reading's raw text.
static bool Touch(JsonElement reading)
{
    if (reading.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.String && !ts.TryGetDateTimeOffset(out _))
    {
        return false;
    }

    return reading.GetRawText().Length > 0;
}

static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
{
    var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, 262_144) + 1);
    var reader = request.BodyReader;
    while (true)
    {
        var read = await reader.ReadAsync(cancellationToken);
        foreach (var segment in read.Buffer)
        {
            buffer.Write(segment.Span);
        }

        reader.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            return buffer.WrittenMemory;
        }
    }
}

internal sealed record TelemetryAccepted(int Accepted, long FirstSeq, long LastSeq);
