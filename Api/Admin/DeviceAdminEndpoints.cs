using Lakegate.Api.Hosting;
using Lakegate.Api.Ingest;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Admin;

/// <summary>Operator endpoints for devices.</summary>
public static class DeviceAdminEndpoints
{
    public static RouteGroupBuilder MapDeviceAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/devices", CreateAsync).WithName("CreateDevice");
        admin.MapGet("/devices/{deviceId}", GetAsync).WithName("GetDevice");
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
            return ProblemResults.Problem(400, "invalid-device-id", "Invalid device id", "deviceId must be 1-128 characters of A-Z a-z 0-9 - . _ :");
        }

        if (body.KeyLifetimeDays is <= 0)
        {
            return ProblemResults.Problem(400, "invalid-key-lifetime", "Invalid key lifetime", "keyLifetimeDays must be a positive number of days.");
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

    public static async Task<IResult> GetAsync(string deviceId, IGrainFactory grains)
    {
        if (!DeviceIdRule.IsValid(deviceId))
        {
            return ProblemResults.Problem(400, "invalid-device-id", "Invalid device id");
        }

        var snapshot = await grains.GetGrain<IDeviceGrain>(deviceId).GetSnapshot();
        return snapshot is null
            ? ProblemResults.Problem(404, "device-not-found", "Device not found", $"No device '{deviceId}'.")
            : Results.Ok(snapshot);
    }
}
