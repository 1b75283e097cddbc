namespace Lakegate.Resilience.Tests;

/// <summary>The 202 body: how many readings were accepted and their sequence numbers.</summary>
internal sealed record AcceptedReadingsAnswer(int Accepted, long FirstSeq, long LastSeq);
