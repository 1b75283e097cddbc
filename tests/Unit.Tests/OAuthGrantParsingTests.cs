using System.Text;
using Lakegate.Grains.Databricks;

namespace Lakegate.Unit.Tests;

public sealed class OAuthGrantParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_grant_gives_the_token_and_its_expiry()
    {
        var token = OAuthClientCredentialsSource.ParseGrant(Encoding.UTF8.GetBytes("{\"access_token\":\"abc\",\"token_type\":\"Bearer\",\"expires_in\":3600}"), Now);
        Assert.Equal("abc", token.AccessToken);
        Assert.Equal(Now.AddHours(1), token.ExpiresAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"token_type\":\"Bearer\"}")]
    [InlineData("<html>")]
    public void Empty_or_token_less_answers_are_failures(string body)
    {
        Assert.Throws<TokenRequestException>(() => OAuthClientCredentialsSource.ParseGrant(Encoding.UTF8.GetBytes(body), Now));
    }
}
