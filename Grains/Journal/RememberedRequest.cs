namespace Lakegate.Grains.Journal;

/// <summary>A request the journal remembers by its Idempotency-Key, so a retry to a new activation is answered the same.</summary>
public sealed record RememberedRequest(string IdempotencyKey, long FirstSeq, long LastSeq, int Accepted, DateTimeOffset ReceivedAt);
