using System.Text;
using Lakegate.Api.Hosting;
using Lakegate.Api.Ingest;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Admin;

/// <summary>
/// POST /v1/admin/devices/bulk: creates many devices in one request, from JSON
/// (<c>{"devices": [{"deviceId", "keyLifetimeDays"}]}</c>) or CSV (<c>deviceId[,keyLifetimeDays]</c> per line,
/// see <see cref="BulkCsvReader"/>). The whole list is checked first; a bad entry rejects the request and
/// creates nothing. Keys are shown once.
/// </summary>
public static class BulkProvisioning
{
    public const int MaxDevices = 100_000;
    public const string InvalidLifetime = "keyLifetimeDays must be a positive whole number of days";
    private const int Parallelism = 64;
    private const int MaxErrorsShown = 50;

    public static RouteGroupBuilder MapBulkProvisioning(this RouteGroupBuilder admin)
    {
        admin.MapPost("/devices/bulk", CreateAsync).WithName("CreateDevicesInBulk")
            .Accepts<BulkProvisioningRequest>("application/json", "text/csv")
            .AcceptsCsvToo("One device per line: deviceId[,keyLifetimeDays]. An optional first line names the columns (deviceId, keyLifetimeDays; any case, either order).")
            .Produces<BulkProvisioningResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequiresOperatorKey(changes: true);
        return admin;
    }

    public static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains, ILoggerFactory loggers)
    {
        var (entries, problem) = await ReadAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = Validate(entries!);
        if (errors.Count > 0)
        {
            return Results.Problem(
                statusCode: 400,
                title: "Invalid device list",
                detail: $"{errors.Count} entr{(errors.Count == 1 ? "y is" : "ies are")} invalid; nothing was created.",
                type: ProblemResults.TypeBase + "invalid-device-list",
                extensions: new Dictionary<string, object?> { ["code"] = "invalid-device-list", ["errors"] = errors.Take(MaxErrorsShown).ToArray() });
        }

        var devices = entries!.Select(e => e.Device!).ToArray();
        var results = new BulkDeviceResult[devices.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, devices.Length), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = request.HttpContext.RequestAborted }, async (i, _) =>
        {
            var entry = devices[i];
            var created = await grains.GetGrain<IDeviceGrain>(entry.DeviceId).Provision(new ProvisionRequest(entry.KeyLifetimeDays));
            results[i] = created.Key is { } key
                ? new BulkDeviceResult(key.DeviceId, key.KeyId, key.Key, key.ExpiresAt, null)
                : new BulkDeviceResult(entry.DeviceId, null, null, null, "device-exists");
        });

        var createdCount = results.Count(r => r.Error is null);
        loggers.CreateLogger(typeof(BulkProvisioning)).LogInformation("Bulk provisioning created {Created} of {Requested} devices", createdCount, results.Length);
        return Results.Ok(new BulkProvisioningResult(createdCount, results.Length - createdCount, results));
    }

    private static async Task<(List<BulkListEntry>? Entries, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        var mediaType = (request.ContentType ?? string.Empty).Split(';', 2)[0].Trim();
        if (mediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var lines = await BulkCsvReader.ReadAsync(reader, MaxDevices, request.HttpContext.RequestAborted);
            return lines is null ? (null, TooMany()) : (lines, null);
        }

        if (mediaType.Length > 0 && !AdminJson.IsJsonMediaType(mediaType))
        {
            return (null, ProblemResults.Problem(415, "unsupported-media-type", "Unsupported media type", "Send application/json or text/csv."));
        }

        var (body, problem) = await AdminJson.ReadAsync<BulkProvisioningRequest>(request, allowEmpty: false);
        if (problem is not null)
        {
            return (null, problem);
        }

        var list = body!.Devices ?? [];
        if (list.Count > MaxDevices)
        {
            return (null, TooMany());
        }

        return (list.Select((d, i) => d is null
            ? BulkListEntry.Unreadable($"entry {i + 1}", "not a JSON object")
            : BulkListEntry.Read($"entry {i + 1}", d with { KeyLifetimeDays = d.KeyLifetimeDays ?? body.KeyLifetimeDays })).ToList(), null);
    }

    private static List<string> Validate(List<BulkListEntry> entries)
    {
        var errors = new List<string>();
        if (entries.Count == 0)
        {
            errors.Add("the list is empty");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Device is not { } device)
            {
                errors.Add($"{entry.Position}: {entry.Error}");
                continue;
            }

            if (!DeviceIdRule.IsValid(device.DeviceId))
            {
                errors.Add($"{entry.Position}: invalid device id");
            }
            else if (!seen.Add(device.DeviceId))
            {
                errors.Add($"{entry.Position}: '{device.DeviceId}' is listed twice");
            }

            if (device.KeyLifetimeDays is <= 0)
            {
                errors.Add($"{entry.Position}: {InvalidLifetime}");
            }
        }

        return errors;
    }

    private static IResult TooMany() =>
        ProblemResults.Problem(413, "too-many-devices", "Too many devices", $"One request may create at most {MaxDevices} devices.");
}
