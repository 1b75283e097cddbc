using System.Net;

namespace Lakegate.Resilience.Tests;

/// <summary>How the gateway answered one telemetry request.</summary>
internal sealed record IngestAnswer(HttpStatusCode Status, TimeSpan? RetryAfter)
{
    public bool Accepted => Status == HttpStatusCode.Accepted;
}
