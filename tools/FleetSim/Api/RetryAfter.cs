using System.Net.Http.Headers;

namespace Lakegate.FleetSim.Api;

/// <summary>Reads how long a 429 or 503 answer asks the client to wait.</summary>
public static class RetryAfter
{
    /// <summary>Wait used when the header is missing or unreadable.</summary>
    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);

    /// <summary>The delay the header asks for, within [0, <paramref name="max"/>].</summary>
    public static TimeSpan Read(HttpResponseHeaders headers, DateTimeOffset now, TimeSpan max)
    {
        var header = headers.RetryAfter;
        TimeSpan wait;
        if (header?.Delta is { } delta)
        {
            wait = delta;
        }
        else if (header?.Date is { } date)
        {
            wait = date - now;
        }
        else
        {
            wait = Fallback;
        }

        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }

        return wait > max ? max : wait;
    }
}
