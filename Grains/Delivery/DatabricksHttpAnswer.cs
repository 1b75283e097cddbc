using System.Net;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// What one authorized request to Databricks came back with: either an HTTP answer (status, body,
/// Retry-After) after any token rejection was dealt with, or a <see cref="Failure"/> when no answer was
/// had (no token, unreachable, a freshly refreshed token rejected again).
/// </summary>
public sealed record DatabricksHttpAnswer(HttpStatusCode Status, string Body, TimeSpan? RetryAfter, SinkResult? Failure = null)
{
    public bool IsSuccess => Failure is null && (int)Status is >= 200 and <= 299;

    public static DatabricksHttpAnswer Failed(SinkResult failure) => new(default, string.Empty, null, failure);
}
