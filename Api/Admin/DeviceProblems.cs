using Lakegate.Api.Hosting;

namespace Lakegate.Api.Admin;

/// <summary>The problems every device-addressed endpoint answers with.</summary>
public static class DeviceProblems
{
    public static IResult InvalidDeviceId() =>
        ProblemResults.Problem(400, "invalid-device-id", "Invalid device id", "A device id is 1-128 characters of A-Z a-z 0-9 - . _ :");

    public static IResult NotFound(string deviceId) =>
        ProblemResults.Problem(404, "device-not-found", "Device not found", $"No device '{deviceId}'.");
}
