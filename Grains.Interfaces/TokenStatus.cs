namespace Lakegate.Grains.Interfaces;

/// <summary>The state of a credential profile's token, safe to show: never the token itself.</summary>
[GenerateSerializer, Immutable, Alias("Lakegate.TokenStatus")]
public sealed record TokenStatus(
    [property: Id(0)] string Profile,
    [property: Id(1)] string Mode,
    [property: Id(2)] bool Usable,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] DateTimeOffset? LastRefreshAt,
    [property: Id(5)] int ConsecutiveFailures,
    [property: Id(6)] string? LastError,
    [property: Id(7)] DateTimeOffset? NextRefreshAt,
    [property: Id(8)] long Grants,
    [property: Id(9)] long Version);
