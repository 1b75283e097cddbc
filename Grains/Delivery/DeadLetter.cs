using Lakegate.Grains.Ingest;

namespace Lakegate.Grains.Delivery;

/// <summary>A record Databricks refused as invalid, parked where an operator can see it.</summary>
public sealed record DeadLetter(TelemetryRecord Record, string Reason, DateTimeOffset ParkedAt);
