using System.Globalization;

namespace Lakegate.DatabricksEmulator;

/// <summary>Sets the <c>Retry-After</c> header (delay in seconds) that 429 and 503 answers carry.</summary>
internal static class RetryAfterHeader
{
    public static void Set(HttpResponse response, int seconds) =>
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
}
