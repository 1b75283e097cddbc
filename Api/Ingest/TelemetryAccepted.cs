namespace Lakegate.Api.Ingest;

/// <summary>The 202 answer: how many readings were accepted and their sequence numbers.</summary>
public sealed record TelemetryAccepted(int Accepted, long FirstSeq, long LastSeq);
