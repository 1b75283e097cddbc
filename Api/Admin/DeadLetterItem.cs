using System.Text.Json;

namespace Lakegate.Api.Admin;

/// <summary>A reading Databricks refused as invalid, as operators see it (its payload verbatim).</summary>
public sealed record DeadLetterItem(string DeviceId, long Seq, DateTimeOffset EventTime, DateTimeOffset ReceivedAt, string Reason, DateTimeOffset ParkedAt, JsonElement Payload);
