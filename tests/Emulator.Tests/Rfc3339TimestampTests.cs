namespace Lakegate.DatabricksEmulator.Tests;

public sealed class Rfc3339TimestampTests
{
    [Theory]
    [InlineData("2025-03-01T10:00:00Z", 0, 0)]
    [InlineData("2025-03-01t10:00:00z", 0, 0)]
    [InlineData("2025-03-01T10:00:00.5Z", 5_000_000, 0)]
    [InlineData("2025-03-01T10:00:00.123456789+02:00", 1_234_567, 120)]
    [InlineData("2025-03-01T10:00:00-05:30", 0, -330)]
    [InlineData("2025-03-01T10:00:00.0000001Z", 1, 0)]
    [InlineData("2025-03-01T10:00:00+14:00", 0, 840)]
    public void Strict_accepts_rfc3339(string text, long fractionTicks, int offsetMinutes)
    {
        Assert.True(Rfc3339Timestamp.TryParse(text, out var value));

        var expected = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(fractionTicks);
        Assert.Equal(expected, value);
        Assert.Equal(expected.Offset, value.Offset);
    }

    [Theory]
    [InlineData("2025-03-01 10:00:00Z")]
    [InlineData("2025-03-01T10:00:00")]
    [InlineData("2025-03-01")]
    [InlineData("2025-02-30T10:00:00Z")]
    [InlineData("2025-03-01T25:00:00Z")]
    [InlineData("2025-03-01T10:00:00.Z")]
    [InlineData(" 2025-03-01T10:00:00Z")]
    [InlineData("1740823200")]
    [InlineData("2025-03-01T10:00:60Z")]
    [InlineData("2025-03-01T10:60:00Z")]
    [InlineData("2025-13-01T10:00:00Z")]
    [InlineData("2025-00-01T10:00:00Z")]
    [InlineData("2025-03-00T10:00:00Z")]
    [InlineData("0000-03-01T10:00:00Z")]
    [InlineData("2025-03-01T10:00:00+15:00")]
    [InlineData("2025-03-01T10:00:00+02:60")]
    [InlineData("2025-03-01T10:00:00+0200")]
    [InlineData("2025-03-01T10:00:00Z ")]
    [InlineData("2025-03-01T10:00:00ZZ")]
    [InlineData("2025-3-01T10:00:00Z")]
    [InlineData("2025-03-01T10:00:0xZ")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData(null)]
    public void Strict_refuses_everything_else(string? text)
    {
        Assert.False(Rfc3339Timestamp.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2025-03-01 10:00:00")]
    [InlineData("2025-03-01T10:00:00")]
    [InlineData("2025-03-01 10:00:00Z")]
    [InlineData("2025-03-01 10:00:00.000")]
    public void Lenient_also_accepts_sql_timestamps_as_utc(string text)
    {
        Assert.True(Rfc3339Timestamp.TryParseLenient(text, out var value));
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), value);
    }
}
