using System.Net;
using Lakegate.Grains.Telemetry;

namespace Lakegate.Telemetry.Tests;

public sealed class SinkErrorKindTests
{
    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "throttled")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "unavailable")]
    [InlineData(HttpStatusCode.InternalServerError, "unavailable")]
    [InlineData(HttpStatusCode.GatewayTimeout, "timeout")]
    [InlineData(HttpStatusCode.Unauthorized, "token_rejected")]
    [InlineData(HttpStatusCode.Forbidden, "permission")]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, "too_large")]
    [InlineData(HttpStatusCode.BadRequest, "invalid_records")]
    public void A_Databricks_answer_maps_to_its_error_kind(HttpStatusCode status, string kind) =>
        Assert.Equal(kind, SinkErrorKind.ForStatus(status));

    [Fact]
    public void A_request_without_an_answer_is_a_timeout_or_unavailable()
    {
        Assert.Equal("timeout", SinkErrorKind.ForException(new TaskCanceledException()));
        Assert.Equal("timeout", SinkErrorKind.ForException(new Polly.Timeout.TimeoutRejectedException()));
        Assert.Equal("unavailable", SinkErrorKind.ForException(new HttpRequestException("connection refused")));
    }
}
