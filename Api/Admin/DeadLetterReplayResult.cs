namespace Lakegate.Api.Admin;

/// <summary>How many of a device's dead letters were sent again.</summary>
public sealed record DeadLetterReplayResult(int Replayed);
