namespace Lakegate.Grains.Interfaces;

[GenerateSerializer, Immutable, Alias("Lakegate.KeyIssueResult")]
public sealed record KeyIssueResult(
    [property: Id(0)] KeyIssueOutcome Outcome,
    [property: Id(1)] IssuedKey? Key);
