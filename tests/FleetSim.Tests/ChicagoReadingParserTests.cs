using Lakegate.FleetSim.Data;

namespace Lakegate.FleetSim.Tests;

public class ChicagoReadingParserTests
{
    private static readonly Lazy<ChicagoParseResult> Parsed =
        new(() => ChicagoReadingParser.ParseFile(SharedData.File(SourceStreamCatalog.ChicagoFile)));

    private static IReadOnlyList<ChicagoReading> Readings => Parsed.Value.Readings;

    [Fact]
    public void Has_34926_rows_of_which_6_are_empty_records_at_the_documented_lines()
    {
        Assert.Equal(0, Parsed.Value.MalformedLines);
        Assert.Equal(34_926, Readings.Count);

        var empty = Readings.Where(r => r.IsEmptyRecord).ToList();
        Assert.Equal(new[] { 30546, 30547, 31204, 31314, 31315, 32357 }, empty.Select(r => r.LineNumber));
        Assert.All(empty, r =>
        {
            Assert.Null(r.WaterTemperature);
            Assert.Null(r.BatteryLife);
            Assert.Null(r.EventTimeUnixMs);
        });
        Assert.Equal("MontroseBeach", Readings.Single(r => r.LineNumber == 30546).MeasurementId);
    }

    [Fact]
    public void Rows_per_beach_match_the_published_counts()
    {
        var perBeach = Readings.GroupBy(r => r.Beach).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(6, perBeach.Count);
        Assert.Equal(9_344, perBeach["Ohio Street Beach"]);
        Assert.Equal(7_571, perBeach["Calumet Beach"]);
        Assert.Equal(7_270, perBeach["Montrose Beach"]);
        Assert.Equal(4_023, perBeach["Osterman Beach"]);
        Assert.Equal(3_420, perBeach["63rd Street Beach"]);
        Assert.Equal(3_298, perBeach["Rainbow Beach"]);
    }

    [Fact]
    public void Missing_fields_are_null_and_sentinels_are_kept_as_recorded()
    {
        var timed = Readings.Where(r => !r.IsEmptyRecord).ToList();

        Assert.Equal(34_920, timed.Count);
        Assert.Equal(24_884, timed.Count(r => r.TransducerDepth is null));
        Assert.Equal(227, timed.Count(r => r.WaveHeight is null && r.WavePeriod is null));
        Assert.Equal(526, timed.Count(r => r.WaveHeight == -99999.992 && r.WavePeriod == -100000));
        Assert.Equal(63, timed.Count(r => r.WaterTemperature == 0.0));
    }

    [Fact]
    public void Timestamps_are_Chicago_daylight_time()
    {
        // Montrose Beach,08/30/2013 08:00:00 AM,20.3,1.18,0.891,0.08,3,9.4,8/30/2013 8:00 AM,MontroseBeach201308300800
        var first = Readings[0];

        Assert.Equal("Montrose Beach", first.Beach);
        Assert.Equal(new DateTimeOffset(2013, 8, 30, 13, 0, 0, TimeSpan.Zero), first.Timestamp);
        Assert.Equal(20.3, first.WaterTemperature);
        Assert.Equal(0.891, first.TransducerDepth);
        Assert.Equal(9.4, first.BatteryLife);
        Assert.Equal(5, Readings.Count(r => r.Timestamp?.Year == 2013));
        Assert.Equal(2_714, Readings.Count(r => r.Timestamp?.Year == 2017));
    }

    [Fact]
    public void Csv_fields_may_be_quoted()
    {
        Assert.Equal(new[] { "a", "b,c", "say \"hi\"", "" }, CsvFields.Split("a,\"b,c\",\"say \"\"hi\"\"\","));
    }
}
