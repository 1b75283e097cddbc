namespace Lakegate.Grains.Interfaces;

[GenerateSerializer, Immutable, Alias("Lakegate.IngestResult")]
public sealed record IngestResult(
    [property: Id(0)] IngestOutcome Outcome,
    [property: Id(1)] int Accepted,
    [property: Id(2)] long FirstSeq,
    [property: Id(3)] long LastSeq,
    [property: Id(4)] int RetryAfterSeconds,
    [property: Id(5)] bool Replayed)
{
    public static IngestResult Rejected(IngestOutcome outcome, int retryAfterSeconds = 0) =>
        new(outcome, 0, 0, 0, retryAfterSeconds, false);
}
