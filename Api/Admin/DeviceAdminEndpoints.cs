using Lakegate.Api.Hosting;
using Lakegate.Api.Ingest;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Admin;

/// <summary>Operator endpoints for devices.</summary>
public static class DeviceAdminEndpoints
{
    public static RouteGroupBuilder MapDeviceAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/devices", CreateAsync).WithName("CreateDevice")
            .Accepts<CreateDeviceRequest>("application/json")
            .Produces<IssuedKeyResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequiresOperatorKey(changes: true);
        admin.MapGet("/devices/{deviceId}", GetAsync).WithName("GetDevice")
            .Produces<DeviceSnapshot>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresOperatorKey(changes: false);
        admin.MapPost("/devices/{deviceId}/keys", AddKeyAsync).WithName("AddDeviceKey")
            .Accepts<AddKeyBody>(isOptional: true, "application/json")
            .Produces<IssuedKeyResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequiresOperatorKey(changes: true);
        admin.MapDelete("/devices/{deviceId}/keys/{keyId}", RevokeKeyAsync).WithName("RevokeDeviceKey")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresOperatorKey(changes: true);
        admin.MapPost("/devices/{deviceId}/disable", (string deviceId, IGrainFactory grains) => SetEnabledAsync(deviceId, false, grains)).WithName("DisableDevice")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresOperatorKey(changes: true);
        admin.MapPost("/devices/{deviceId}/enable", (string deviceId, IGrainFactory grains) => SetEnabledAsync(deviceId, true, grains)).WithName("EnableDevice")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresOperatorKey(changes: true);
        return admin;
    }

    public static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains, ILoggerFactory loggers)
    {
        var (body, problem) = await AdminJson.ReadAsync<CreateDeviceRequest>(request, allowEmpty: false);
        if (problem is not null)
        {
            return problem;
        }

        if (!DeviceIdRule.IsValid(body!.DeviceId))
        {
            return DeviceProblems.InvalidDeviceId();
        }

        if (body.KeyLifetimeDays is <= 0)
        {
            return KeyProblems.InvalidKeyLifetime();
        }

        var result = await grains.GetGrain<IDeviceGrain>(body.DeviceId!).Provision(new ProvisionRequest(body.KeyLifetimeDays));
        if (!result.Created)
        {
            return ProblemResults.Problem(409, "device-exists", "Device exists", $"Device '{body.DeviceId}' already exists.");
        }

        var key = result.Key!;
        loggers.CreateLogger(typeof(DeviceAdminEndpoints)).LogInformation("Operator created device {DeviceId} with key {KeyId}", key.DeviceId, key.KeyId);
        return Results.Created($"/v1/admin/devices/{Uri.EscapeDataString(key.DeviceId)}", new IssuedKeyResponse(key.DeviceId, key.KeyId, key.Key, key.ExpiresAt));
    }

    public static async Task<IResult> AddKeyAsync(string deviceId, HttpRequest request, IGrainFactory grains)
    {
        if (!DeviceIdRule.IsValid(deviceId))
        {
            return DeviceProblems.InvalidDeviceId();
        }

        var (body, problem) = await AdminJson.ReadAsync<AddKeyBody>(request, allowEmpty: true);
        if (problem is not null)
        {
            return problem;
        }

        if (body?.KeyLifetimeDays is <= 0)
        {
            return KeyProblems.InvalidKeyLifetime();
        }

        if (body?.RevokeOtherKeysAfterSeconds is < 0)
        {
            return KeyProblems.InvalidGracePeriod();
        }

        var result = await grains.GetGrain<IDeviceGrain>(deviceId).AddKey(new AddKeyRequest(body?.KeyLifetimeDays, body?.RevokeOtherKeysAfterSeconds));
        return result.Outcome switch
        {
            KeyIssueOutcome.Issued => Results.Created(
                $"/v1/admin/devices/{Uri.EscapeDataString(deviceId)}/keys/{result.Key!.KeyId}",
                new IssuedKeyResponse(result.Key.DeviceId, result.Key.KeyId, result.Key.Key, result.Key.ExpiresAt)),
            KeyIssueOutcome.TooManyActiveKeys => ProblemResults.Problem(409, "too-many-keys", "Too many active keys",
                "A device has at most two active keys: revoke one, or rotate with revokeOtherKeysAfterSeconds."),
            _ => DeviceProblems.NotFound(deviceId),
        };
    }

    public static async Task<IResult> RevokeKeyAsync(string deviceId, string keyId, IGrainFactory grains)
    {
        if (!DeviceIdRule.IsValid(deviceId))
        {
            return DeviceProblems.InvalidDeviceId();
        }

        return await grains.GetGrain<IDeviceGrain>(deviceId).RevokeKey(keyId)
            ? Results.NoContent()
            : ProblemResults.Problem(404, "key-not-found", "Key not found", $"Device '{deviceId}' has no key '{keyId}'.");
    }

    private static async Task<IResult> SetEnabledAsync(string deviceId, bool enabled, IGrainFactory grains)
    {
        if (!DeviceIdRule.IsValid(deviceId))
        {
            return DeviceProblems.InvalidDeviceId();
        }

        return await grains.GetGrain<IDeviceGrain>(deviceId).SetEnabled(enabled) ? Results.NoContent() : DeviceProblems.NotFound(deviceId);
    }

    public static async Task<IResult> GetAsync(string deviceId, IGrainFactory grains)
    {
        if (!DeviceIdRule.IsValid(deviceId))
        {
            return DeviceProblems.InvalidDeviceId();
        }

        var snapshot = await grains.GetGrain<IDeviceGrain>(deviceId).GetSnapshot();
        return snapshot is null ? DeviceProblems.NotFound(deviceId) : Results.Ok(snapshot);
    }
}
