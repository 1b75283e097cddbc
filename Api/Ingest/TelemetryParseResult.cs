using Lakegate.Grains.Interfaces;

namespace Lakegate.Api.Ingest;

/// <summary>Either the readings of a request, or why the request is malformed.</summary>
public sealed record TelemetryParseResult(IReadOnlyList<IngestReading>? Readings, string? ErrorCode, string? ErrorDetail)
{
    public bool IsValid => Readings is not null;

    public static TelemetryParseResult Ok(IReadOnlyList<IngestReading> readings) => new(readings, null, null);

    public static TelemetryParseResult Error(string code, string detail) => new(null, code, detail);
}
