namespace Lakegate.Grains.Delivery;

/// <summary>What a sink made of one request.</summary>
public sealed record SinkResult(SinkOutcome Outcome, string? Reason = null, TimeSpan? RetryAfter = null, IReadOnlyList<int>? InvalidIndexes = null)
{
    public static readonly SinkResult Delivered = new(SinkOutcome.Delivered);

    public static SinkResult Retry(string reason, TimeSpan? retryAfter = null) => new(SinkOutcome.RetryLater, reason, retryAfter);
}
