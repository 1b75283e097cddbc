using Lakegate.FleetSim.Data;
using Lakegate.FleetSim.Options;

namespace Lakegate.FleetSim.Tests;

public class SourceStreamCatalogTests
{
    internal static readonly Lazy<IReadOnlyList<SourceStream>> AllStreams =
        new(() => SourceStreamCatalog.Load(SharedData.Directory, DatasetSelection.All));

    [Fact]
    public void All_data_gives_45_real_device_streams_in_a_stable_order()
    {
        var streams = AllStreams.Value;

        Assert.Equal(45, streams.Count);
        Assert.Equal(19, streams.Count(s => s.Source == SourceStreamCatalog.Library1Source));
        Assert.Equal(20, streams.Count(s => s.Source == SourceStreamCatalog.Library2Source));
        Assert.Equal(6, streams.Count(s => s.Source == SourceStreamCatalog.ChicagoSource));
        Assert.Equal("ulb-library1-node1", streams[0].Name);
        Assert.Equal("ulb-library2-node1", streams[19].Name);
        Assert.Equal("chicago-beach-63rd-street-beach", streams[39].Name);
        Assert.Equal(29_702 + 7_114 + 34_926, streams.Sum(s => s.Count));
        Assert.Equal(streams.Count, streams.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public void Library1_mote_streams_run_across_all_three_files_in_arrival_order()
    {
        var node10 = AllStreams.Value.Single(s => s.Name == "ulb-library1-node10");
        var readings = node10.Readings.Cast<UlbReading>().ToList();

        Assert.Equal(1, readings[0].Sequence);
        Assert.Equal(1595, readings.Max(r => r.Sequence));
        Assert.True(readings.Zip(readings.Skip(1)).All(p => p.Second.ArrivalUnixMs >= p.First.ArrivalUnixMs));
        // 26.6 h of one-minute cadence: a pass lasts the span plus one average gap.
        Assert.InRange(node10.CycleMs, TimeSpan.FromHours(26.5).TotalMilliseconds, TimeSpan.FromHours(26.7).TotalMilliseconds);
    }

    [Fact]
    public void Beach_streams_are_sorted_by_time_and_keep_their_empty_records()
    {
        var beaches = AllStreams.Value.Where(s => s.Source == SourceStreamCatalog.ChicagoSource).ToList();

        Assert.Equal(6, beaches.Sum(b => b.Readings.Count(r => r.EventTimeUnixMs is null)));
        foreach (var beach in beaches)
        {
            var times = beach.Readings.Select(r => r.EventTimeUnixMs).OfType<long>().ToList();
            Assert.True(times.Zip(times.Skip(1)).All(p => p.Second >= p.First), beach.Name);
        }

        var montrose = beaches.Single(b => b.Name == "chicago-beach-montrose-beach");
        var emptyIndex = montrose.Readings.ToList().FindIndex(r => r.EventTimeUnixMs is null);
        Assert.True(emptyIndex > 0);
        Assert.NotNull(montrose.Readings[emptyIndex - 1].EventTimeUnixMs);
    }

    [Fact]
    public void Dataset_selection_limits_the_streams()
    {
        Assert.Equal(39, SourceStreamCatalog.Load(SharedData.Directory, DatasetSelection.Ulb).Count);
        Assert.Equal(6, SourceStreamCatalog.Load(SharedData.Directory, DatasetSelection.Chicago).Count);
    }

    [Fact]
    public void Locator_fails_with_a_clear_message_when_no_shared_data_is_above()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => SensorDataLocator.Locate([Path.GetTempPath()]));

        Assert.Contains("shared/data", error.Message);
        Assert.Contains("--data-dir", error.Message);
    }
}
