namespace Lakegate.Api.Tests;

public sealed record DeviceKeyAnswer(string DeviceId, string KeyId, string Key, DateTimeOffset ExpiresAt);

public sealed record KeyAnswer(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

public sealed record DeviceAnswer(string DeviceId, bool Enabled, IReadOnlyList<KeyAnswer> Keys, long Accepted, long Delivered, long Buffered, DateTimeOffset? LastSeenAt, DateTimeOffset? LastDeliveredAt);

public sealed record AcceptedAnswer(int Accepted, long FirstSeq, long LastSeq);

public sealed record ProblemAnswer(string Type, string Title, int Status, string? Detail, string Code);
