using System.Net.Http.Headers;
using Lakegate.FleetSim.Api;

namespace Lakegate.FleetSim.Tests;

public class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static HttpResponseHeaders Headers(RetryConditionHeaderValue? value)
    {
        var response = new HttpResponseMessage();
        response.Headers.RetryAfter = value;
        return response.Headers;
    }

    [Fact]
    public void Seconds_dates_missing_values_and_the_cap()
    {
        var max = TimeSpan.FromSeconds(30);

        Assert.Equal(TimeSpan.FromSeconds(2), RetryAfter.Read(Headers(new(TimeSpan.FromSeconds(2))), Now, max));
        Assert.Equal(TimeSpan.Zero, RetryAfter.Read(Headers(new(TimeSpan.Zero)), Now, max));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryAfter.Read(Headers(new(Now.AddSeconds(5))), Now, max));
        Assert.Equal(TimeSpan.Zero, RetryAfter.Read(Headers(new(Now.AddSeconds(-5))), Now, max));
        Assert.Equal(RetryAfter.Fallback, RetryAfter.Read(Headers(null), Now, max));
        Assert.Equal(max, RetryAfter.Read(Headers(new(TimeSpan.FromHours(1))), Now, max));
    }
}
