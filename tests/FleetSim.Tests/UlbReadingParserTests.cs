using System.Text;
using Lakegate.FleetSim.Data;

namespace Lakegate.FleetSim.Tests;

public class UlbReadingParserTests
{
    private static UlbParseResult Parse(string file) => UlbReadingParser.ParseFile(SharedData.File(file));

    [Fact]
    public void R1_has_7563_readings_from_19_motes_with_sequences_1_to_406()
    {
        var r1 = Parse("ulb_library1_R1.txt");

        Assert.Equal(0, r1.MalformedLines);
        Assert.Equal(7_563, r1.Readings.Count);
        var nodes = r1.Readings.Select(r => r.Node).Distinct().Order().ToArray();
        Assert.Equal(19, nodes.Length);
        Assert.DoesNotContain(6, nodes);
        Assert.Equal(1, r1.Readings.Min(r => r.Sequence));
        Assert.Equal(406, r1.Readings.Max(r => r.Sequence));
    }

    [Fact]
    public void R1_first_line_reads_decimal_commas_and_dropped_trailing_zeros()
    {
        // 1163438041250 20 1 21,21 2,81 51,53 22,08 20 28  /  1163438041468 10 1 20,07 3 51,46 22,3 2 2
        var readings = Parse("ulb_library1_R1.txt").Readings;

        Assert.Equal(new UlbReading(1163438041250, 20, 1, 21.21, 2.81, 51.53, 22.08, 20, 28), readings[0]);
        Assert.Equal(new UlbReading(1163438041468, 10, 1, 20.07, 3, 51.46, 22.3, 2, 2), readings[1]);
    }

    [Fact]
    public void R2_skips_its_empty_last_line_and_keeps_its_39_duplicate_packets()
    {
        var r2 = Parse("ulb_library1_R2.txt");

        Assert.Equal(0, r2.MalformedLines);
        Assert.Equal(11_110, r2.Readings.Count);
        Assert.Equal(407, r2.Readings.Min(r => r.Sequence));
        Assert.Equal(999, r2.Readings.Max(r => r.Sequence));
        Assert.Equal(39, r2.Readings.Count - r2.Readings.Select(r => (r.Node, r.Sequence)).Distinct().Count());
    }

    [Fact]
    public void R3_sequence_numbers_parse_as_1000_and_more_despite_the_A0_thousands_separator()
    {
        var bytes = File.ReadAllBytes(SharedData.File("ulb_library1_R3.txt"));
        Assert.Equal(11_029, bytes.Count(b => b == 0xA0));

        var r3 = UlbReadingParser.Parse(bytes);

        Assert.Equal(0, r3.MalformedLines);
        Assert.Equal(11_029, r3.Readings.Count);
        Assert.All(r3.Readings, r => Assert.InRange(r.Sequence, 1000, 1595));
        Assert.Equal(1595, r3.Readings.Max(r => r.Sequence));
        Assert.Equal(81, r3.Readings.Count - r3.Readings.Select(r => (r.Node, r.Sequence)).Distinct().Count());
        // First line: 1163497985546 20 1\xA0000 21,21 2,68 52,11 22,14 41 42
        Assert.Equal(new UlbReading(1163497985546, 20, 1000, 21.21, 2.68, 52.11, 22.14, 41, 42), r3.Readings[0]);
    }

    [Fact]
    public void Library1_run_holds_29702_readings_and_every_mote_1513_to_1603()
    {
        var all = SourceStreamCatalog.Library1Files.SelectMany(f => Parse(f).Readings).ToList();

        Assert.Equal(29_702, all.Count);
        var perMote = all.GroupBy(r => r.Node).Select(g => g.Count()).ToArray();
        Assert.Equal(19, perMote.Length);
        Assert.Equal(1_513, perMote.Min());
        Assert.Equal(1_603, perMote.Max());
    }

    [Fact]
    public void Library2_has_7114_readings_from_20_motes_and_node_6_reboots_from_364_to_0()
    {
        var library2 = Parse("ulb_library2_readings.txt");

        Assert.Equal(0, library2.MalformedLines);
        Assert.Equal(7_114, library2.Readings.Count);
        Assert.Equal(20, library2.Readings.Select(r => r.Node).Distinct().Count());

        var node6 = library2.Readings.Where(r => r.Node == 6).ToList();
        var drops = node6.Zip(node6.Skip(1)).Where(p => p.Second.Sequence < p.First.Sequence).ToList();
        var reboot = Assert.Single(drops);
        Assert.Equal(364, reboot.First.Sequence);
        Assert.Equal(0, reboot.Second.Sequence);
        Assert.Equal(67.57, reboot.Second.Humidity);
        Assert.Equal(3, library2.Readings.Count - library2.Readings.Select(r => (r.Node, r.Sequence)).Distinct().Count());
    }

    [Fact]
    public void A_line_with_the_wrong_number_of_fields_is_counted_not_thrown()
    {
        var content = Encoding.Latin1.GetBytes("1 2 3 4,5 3 50 20 1 1\nthis is not a reading\n\n1 2\u00A0000 3\r\n");

        var result = UlbReadingParser.Parse(content);

        Assert.Single(result.Readings);
        Assert.Equal(2, result.MalformedLines);
    }
}
