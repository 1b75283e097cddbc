using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lakegate.FleetSim.Tests;

/// <summary>
/// A tiny gateway on Kestrel (127.0.0.1, any free port) with the provisioning, telemetry and device-state
/// endpoints of the public contract, plus the emulator's stats endpoint. It can throttle, lose answers after
/// storing (so only an idempotent retry gets the count right) and lag behind on delivery.
/// </summary>
public sealed class FakeGateway : IAsyncDisposable
{
    public const string OperatorKey = "operator-secret";

    private readonly WebApplication _app;
    private long _telemetryRequests;
    private long _throttled;
    private long _droppedAnswers;
    private long _idempotentReplays;

    private FakeGateway(WebApplication app, DeliveryBehaviour delivery, int throttleEvery, int dropAnswerEvery)
    {
        _app = app;
        Delivery = delivery;
        ThrottleEvery = throttleEvery;
        DropAnswerEvery = dropAnswerEvery;
    }

    public enum DeliveryBehaviour
    {
        /// <summary>A device's first state read after new readings still shows them buffered; the next shows them delivered.</summary>
        CatchesUpAfterOneRead,

        /// <summary>One reading per device is never delivered.</summary>
        LagsForever,
    }

    public DeliveryBehaviour Delivery { get; }

    /// <summary>Every n-th telemetry request is answered 429 with <c>Retry-After: 0</c> (0 = never).</summary>
    public int ThrottleEvery { get; }

    /// <summary>Every n-th telemetry request is stored, then its connection is dropped without an answer (0 = never).</summary>
    public int DropAnswerEvery { get; }

    public ConcurrentDictionary<string, FakeGatewayDevice> Devices { get; } = new(StringComparer.Ordinal);

    public Uri BaseAddress => new(_app.Urls.First());

    public long Throttled => Interlocked.Read(ref _throttled);

    public long DroppedAnswers => Interlocked.Read(ref _droppedAnswers);

    public long IdempotentReplays => Interlocked.Read(ref _idempotentReplays);

    public static async Task<FakeGateway> StartAsync(
        DeliveryBehaviour delivery = DeliveryBehaviour.CatchesUpAfterOneRead,
        int throttleEvery = 0,
        int dropAnswerEvery = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var gateway = new FakeGateway(app, delivery, throttleEvery, dropAnswerEvery);
        gateway.MapEndpoints();
        await app.StartAsync();
        return gateway;
    }

    /// <summary>Creates a device as an earlier run would have left it.</summary>
    public void AddExistingDevice(string deviceId, long acceptedAndDelivered)
    {
        var device = new FakeGatewayDevice(deviceId) { Accepted = acceptedAndDelivered, Delivered = acceptedAndDelivered };
        device.Keys.Add("old-key");
        Devices[deviceId] = device;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private void MapEndpoints()
    {
        _app.MapPost("/v1/admin/devices", async (HttpContext http) =>
        {
            if (!IsOperator(http))
            {
                return Results.Unauthorized();
            }

            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            var deviceId = body.RootElement.GetProperty("deviceId").GetString()!;
            var device = new FakeGatewayDevice(deviceId);
            if (!Devices.TryAdd(deviceId, device))
            {
                return Results.Conflict();
            }

            return Results.Json(IssueKey(device), statusCode: StatusCodes.Status201Created);
        });

        _app.MapPost("/v1/admin/devices/{deviceId}/keys", (string deviceId, HttpContext http) =>
            !IsOperator(http) ? Results.Unauthorized()
            : Devices.TryGetValue(deviceId, out var device) ? Results.Json(IssueKey(device), statusCode: StatusCodes.Status201Created)
            : Results.NotFound());

        _app.MapGet("/v1/admin/devices/{deviceId}", (string deviceId, HttpContext http) =>
        {
            if (!IsOperator(http))
            {
                return Results.Unauthorized();
            }

            if (!Devices.TryGetValue(deviceId, out var device))
            {
                return Results.NotFound();
            }

            lock (device)
            {
                var delivered = Delivery == DeliveryBehaviour.LagsForever ? Math.Max(0, device.Accepted - 1) : device.Delivered;
                var state = new
                {
                    deviceId,
                    enabled = true,
                    keys = device.Keys.Select((_, i) => new { keyId = $"k{i}" }),
                    accepted = device.Accepted,
                    delivered,
                    buffered = device.Accepted - delivered,
                    lastSeenAt = DateTimeOffset.UtcNow,
                    lastDeliveredAt = (DateTimeOffset?)null,
                };
                device.Delivered = device.Accepted;
                return Results.Json(state);
            }
        });

        _app.MapPost("/v1/devices/{deviceId}/telemetry", HandleTelemetryAsync);

        _app.MapGet("/_emulator/stats", () => Results.Json(new
        {
            records = Devices.Values.Sum(d => { lock (d) { return d.Readings.Count; } }),
            duplicates = IdempotentReplays,
            batches = 3,
            appRequests = 4,
            tokenGrants = 1,
            tokenRequests = 1,
            bytesReceived = 1234,
            devices = Devices.Count,
        }));
    }

    private async Task<IResult> HandleTelemetryAsync(string deviceId, HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!Devices.TryGetValue(deviceId, out var device) || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Results.Unauthorized();
        }

        lock (device)
        {
            if (!device.Keys.Contains(authorization["Bearer ".Length..]))
            {
                return Results.Unauthorized();
            }
        }

        if (http.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        using var body = await JsonDocument.ParseAsync(http.Request.Body);
        var readings = body.RootElement.ValueKind == JsonValueKind.Array
            ? body.RootElement.EnumerateArray().Select(e => e.Clone()).ToList()
            : [body.RootElement.Clone()];
        if (readings.Count == 0 || readings.Any(r => r.ValueKind != JsonValueKind.Object || !HasValidTs(r)))
        {
            return Results.BadRequest();
        }

        var n = Interlocked.Increment(ref _telemetryRequests);
        if (ThrottleEvery > 0 && n % ThrottleEvery == 0)
        {
            Interlocked.Increment(ref _throttled);
            http.Response.Headers.RetryAfter = "0";
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
        (int Accepted, long FirstSeq, long LastSeq) answer;
        lock (device)
        {
            if (idempotencyKey.Length > 0 && device.AnswersByIdempotencyKey.TryGetValue(idempotencyKey, out answer))
            {
                Interlocked.Increment(ref _idempotentReplays);
            }
            else
            {
                var first = device.Accepted + 1;
                device.Readings.AddRange(readings);
                device.Accepted += readings.Count;
                answer = (readings.Count, first, device.Accepted);
                if (idempotencyKey.Length > 0)
                {
                    device.AnswersByIdempotencyKey[idempotencyKey] = answer;
                }
            }
        }

        if (DropAnswerEvery > 0 && n % DropAnswerEvery == 0)
        {
            Interlocked.Increment(ref _droppedAnswers);
            http.Abort();
            return Results.Empty;
        }

        return Results.Json(new { accepted = answer.Accepted, firstSeq = answer.FirstSeq, lastSeq = answer.LastSeq }, statusCode: StatusCodes.Status202Accepted);
    }

    private static bool HasValidTs(JsonElement reading) =>
        !reading.TryGetProperty("ts", out var ts)
        || ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out _)
        || ts.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(ts.GetString(), out _);

    private static bool IsOperator(HttpContext http) =>
        http.Request.Headers.Authorization.ToString() == $"Bearer {OperatorKey}";

    private static object IssueKey(FakeGatewayDevice device)
    {
        var key = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        lock (device)
        {
            device.Keys.Add(key);
        }

        return new { deviceId = device.DeviceId, keyId = $"k{device.Keys.Count}", key, expiresAt = DateTimeOffset.UtcNow.AddDays(365) };
    }
}
