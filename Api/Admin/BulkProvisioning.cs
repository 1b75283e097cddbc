using System.Text;
using System.Text.Json;
using Lakegate.Api.Hosting;
using Lakegate.Api.Ingest;
using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Admin;

/// <summary>
/// POST /v1/admin/devices/bulk: creates many devices in one request, from JSON
/// (<c>{"devices": [{"deviceId", "keyLifetimeDays"}]}</c>) or CSV (<c>deviceId[,keyLifetimeDays]</c> per line).
/// The whole list is checked first; a bad line rejects the request and creates nothing. Keys are shown once.
/// </summary>
public static class BulkProvisioning
{
    public const int MaxDevices = 100_000;
    private const int Parallelism = 64;

    public static RouteGroupBuilder MapBulkProvisioning(this RouteGroupBuilder admin)
    {
        admin.MapPost("/devices/bulk", CreateAsync).WithName("CreateDevicesInBulk");
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
                detail: $"{errors.Count} line(s) are invalid; nothing was created.",
                type: ProblemResults.TypeBase + "invalid-device-list",
                extensions: new Dictionary<string, object?> { ["code"] = "invalid-device-list", ["errors"] = errors.Take(50).ToArray() });
        }

        var results = new BulkDeviceResult[entries!.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, entries.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = request.HttpContext.RequestAborted }, async (i, _) =>
        {
            var entry = entries[i];
            var created = await grains.GetGrain<IDeviceGrain>(entry.DeviceId).Provision(new ProvisionRequest(entry.KeyLifetimeDays));
            results[i] = created.Key is { } key
                ? new BulkDeviceResult(key.DeviceId, key.KeyId, key.Key, key.ExpiresAt, null)
                : new BulkDeviceResult(entry.DeviceId, null, null, null, "device-exists");
        });

        var createdCount = results.Count(r => r.Error is null);
        loggers.CreateLogger(typeof(BulkProvisioning)).LogInformation("Bulk provisioning created {Created} of {Requested} devices", createdCount, results.Length);
        return Results.Ok(new BulkProvisioningResult(createdCount, results.Length - createdCount, results));
    }

    private static async Task<(List<BulkDeviceEntry>? Entries, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        var mediaType = (request.ContentType ?? string.Empty).Split(';', 2)[0].Trim();
        if (mediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var entries = new List<BulkDeviceEntry>();
            var lineNumber = 0;
            while (await reader.ReadLineAsync(request.HttpContext.RequestAborted) is { } line)
            {
                lineNumber++;
                var fields = line.Split(',');
                var id = fields[0].Trim().Trim('"');
                if (id.Length == 0 || (lineNumber == 1 && id.Equals("deviceId", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                int? lifetime = null;
                if (fields.Length > 1 && fields[1].Trim().Length > 0)
                {
                    lifetime = int.TryParse(fields[1].Trim(), out var days) ? days : -1;
                }

                entries.Add(new BulkDeviceEntry(id, lifetime));
                if (entries.Count > MaxDevices)
                {
                    return (null, TooMany());
                }
            }

            return (entries, null);
        }

        var (body, problem) = await AdminJson.ReadAsync<BulkProvisioningRequest>(request, allowEmpty: false);
        if (problem is not null)
        {
            return (null, problem);
        }

        var list = body!.Devices ?? [];
        return list.Count > MaxDevices
            ? (null, TooMany())
            : (list.Select(d => d with { KeyLifetimeDays = d.KeyLifetimeDays ?? body.KeyLifetimeDays }).ToList(), null);
    }

    private static List<string> Validate(List<BulkDeviceEntry> entries)
    {
        var errors = new List<string>();
        if (entries.Count == 0)
        {
            errors.Add("the list is empty");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!DeviceIdRule.IsValid(entry.DeviceId))
            {
                errors.Add($"entry {i + 1}: invalid device id");
            }
            else if (!seen.Add(entry.DeviceId))
            {
                errors.Add($"entry {i + 1}: '{entry.DeviceId}' is listed twice");
            }

            if (entry.KeyLifetimeDays is <= 0)
            {
                errors.Add($"entry {i + 1}: keyLifetimeDays must be a positive number of days");
            }
        }

        return errors;
    }

    private static IResult TooMany() =>
        ProblemResults.Problem(413, "too-many-devices", "Too many devices", $"One request may create at most {MaxDevices} devices.");
}
