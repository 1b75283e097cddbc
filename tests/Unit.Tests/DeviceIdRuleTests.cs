using System.Text.RegularExpressions;
using Lakegate.Api.Ingest;

namespace Lakegate.Unit.Tests;

public sealed class DeviceIdRuleTests
{
    [Theory]
    [InlineData("sensor-01")]
    [InlineData("a.b_c:d")]
    [InlineData("x")]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData("ünicode")]
    [InlineData("slash/inside")]
    public void The_published_pattern_says_what_the_rule_says(string deviceId)
    {
        Assert.Equal(DeviceIdRule.IsValid(deviceId), Regex.IsMatch(deviceId, DeviceIdRule.Pattern));
    }

    [Fact]
    public void The_pattern_has_the_rules_length_limit()
    {
        var longest = new string('a', DeviceIdRule.MaxLength);

        Assert.Matches(DeviceIdRule.Pattern, longest);
        Assert.DoesNotMatch(DeviceIdRule.Pattern, longest + "a");
    }
}
