using System.Net;

namespace Lakegate.Grains.Telemetry;

/// <summary>The <c>kind</c> tag of <c>lakegate.sink.errors</c>, from a Databricks answer or a transport failure.</summary>
public static class SinkErrorKind
{
    public const string Throttled = "throttled";
    public const string Unavailable = "unavailable";
    public const string Timeout = "timeout";
    public const string TokenRejected = "token_rejected";
    public const string Permission = "permission";
    public const string TooLarge = "too_large";
    public const string InvalidRecords = "invalid_records";

    /// <summary>The kind of a non-success answer.</summary>
    public static string ForStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.TooManyRequests => Throttled,
        HttpStatusCode.Unauthorized => TokenRejected,
        HttpStatusCode.Forbidden => Permission,
        HttpStatusCode.RequestEntityTooLarge => TooLarge,
        HttpStatusCode.BadRequest => InvalidRecords,
        HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => Timeout,
        _ => Unavailable,
    };

    /// <summary>The kind of a request that got no answer.</summary>
    public static string ForException(Exception exception) =>
        exception is TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException ? Timeout : Unavailable;
}
