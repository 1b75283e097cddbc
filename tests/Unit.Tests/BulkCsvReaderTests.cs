using Lakegate.Api.Admin;

namespace Lakegate.Unit.Tests;

public sealed class BulkCsvReaderTests
{
    [Theory]
    [InlineData("a,1", new[] { "a", "1" })]
    [InlineData(" a , 1 ", new[] { "a", "1" })]
    [InlineData("\"a,b\",2", new[] { "a,b", "2" })]
    [InlineData("\"say \"\"hi\"\"\"", new[] { "say \"hi\"" })]
    [InlineData("a,", new[] { "a", "" })]
    [InlineData("a", new[] { "a" })]
    public void A_line_splits_into_its_fields(string line, string[] expected)
    {
        Assert.True(CsvLine.TrySplit(line, out var fields, out var error), error);
        Assert.Equal(expected, fields);
    }

    [Theory]
    [InlineData("\"open,1", "a quoted field is not closed")]
    [InlineData("\"a\"x,1", "text follows a closing quote")]
    [InlineData("a\"b,1", "a quote inside an unquoted field")]
    public void A_broken_line_is_an_error_not_a_guess(string line, string expected)
    {
        Assert.False(CsvLine.TrySplit(line, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task A_header_may_name_the_columns_in_either_order()
    {
        var entries = await ReadAsync("KeyLifetimeDays,DEVICEID\n30,dev-a\n,dev-b\n");

        Assert.Equal([new BulkDeviceEntry("dev-a", 30), new BulkDeviceEntry("dev-b", null)], entries.Select(e => e.Device));
        Assert.Equal(["line 2", "line 3"], entries.Select(e => e.Position));
    }

    [Fact]
    public async Task Without_a_header_the_columns_are_device_id_then_lifetime_and_blank_lines_are_skipped()
    {
        var entries = await ReadAsync("dev-a,7\n\n   \ndev-b\n");

        Assert.Equal([new BulkDeviceEntry("dev-a", 7), new BulkDeviceEntry("dev-b", null)], entries.Select(e => e.Device));
        Assert.Equal(["line 1", "line 4"], entries.Select(e => e.Position));
    }

    [Theory]
    [InlineData("dev-a,seven", "keyLifetimeDays must be a positive whole number of days")]
    [InlineData("dev-a,-3", "keyLifetimeDays must be a positive whole number of days")]
    [InlineData("dev-a,1,extra", "3 columns, but a line has at most 2 (deviceId,keyLifetimeDays)")]
    [InlineData(",5", "the device id is empty")]
    public async Task A_line_that_cannot_be_read_is_kept_as_an_error_of_that_line(string line, string expected)
    {
        var entry = Assert.Single(await ReadAsync(line));

        Assert.Null(entry.Device);
        Assert.Equal("line 1", entry.Position);
        Assert.Equal(expected, entry.Error);
    }

    [Fact]
    public async Task A_header_naming_a_column_twice_is_an_error()
    {
        var entries = await ReadAsync("deviceId,deviceid\ndev-a,dev-b\n");

        Assert.Null(entries[0].Device);
        Assert.Contains("names a column twice", entries[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_entries_than_allowed_answer_null()
    {
        using var reader = new StringReader("a\nb\nc\n");

        Assert.Null(await BulkCsvReader.ReadAsync(reader, maxEntries: 2, CancellationToken.None));
    }

    private static async Task<List<BulkListEntry>> ReadAsync(string csv)
    {
        using var reader = new StringReader(csv);
        return (await BulkCsvReader.ReadAsync(reader, maxEntries: 100, CancellationToken.None))!;
    }
}
