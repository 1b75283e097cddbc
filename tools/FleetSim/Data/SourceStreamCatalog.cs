using Lakegate.FleetSim.Options;

namespace Lakegate.FleetSim.Data;

/// <summary>Loads the recorded files of a data folder and splits them into one stream per real device.</summary>
public static class SourceStreamCatalog
{
    public const string Library1Source = "ulb-library1";
    public const string Library2Source = "ulb-library2";
    public const string ChicagoSource = "chicago-beach";

    public static readonly string[] Library1Files = ["ulb_library1_R1.txt", "ulb_library1_R2.txt", "ulb_library1_R3.txt"];
    public const string Library2File = "ulb_library2_readings.txt";
    public const string ChicagoFile = "chicago_beach_water_sensors.csv";

    /// <summary>Streams in a stable order: library 1 motes, library 2 motes (by node id), then beaches (by name).</summary>
    public static IReadOnlyList<SourceStream> Load(string dataDirectory, DatasetSelection dataset)
    {
        var streams = new List<SourceStream>();
        if (dataset is DatasetSelection.All or DatasetSelection.Ulb)
        {
            var library1 = Library1Files.SelectMany(f => UlbReadingParser.ParseFile(Required(dataDirectory, f)).Readings);
            streams.AddRange(UlbStreams(Library1Source, library1));
            streams.AddRange(UlbStreams(Library2Source, UlbReadingParser.ParseFile(Required(dataDirectory, Library2File)).Readings));
        }

        if (dataset is DatasetSelection.All or DatasetSelection.Chicago)
        {
            streams.AddRange(ChicagoStreams(ChicagoReadingParser.ParseFile(Required(dataDirectory, ChicagoFile)).Readings));
        }

        return streams;
    }

    /// <summary>One stream per mote, in file (arrival) order; duplicates and the reboot are kept as recorded.</summary>
    public static IEnumerable<SourceStream> UlbStreams(string source, IEnumerable<UlbReading> readings) =>
        readings
            .GroupBy(r => r.Node)
            .OrderBy(g => g.Key)
            .Select(g => new SourceStream($"{source}-node{g.Key}", source, g.ToArray<ISensorReading>()));

    /// <summary>
    /// One stream per beach, sorted by measurement time (the file itself is heavily reordered). An empty record
    /// has no time; it keeps its place right after the record that preceded it in the file.
    /// </summary>
    public static IEnumerable<SourceStream> ChicagoStreams(IEnumerable<ChicagoReading> readings) =>
        readings
            .GroupBy(r => r.Beach, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SourceStream(
                $"{ChicagoSource}-{Slug(g.Key)}", ChicagoSource, SortByTime(g.ToList())));

    private static ISensorReading[] SortByTime(List<ChicagoReading> fileOrder)
    {
        var keyed = new (long Key, int Index, ChicagoReading Reading)[fileOrder.Count];
        var previous = long.MinValue;
        for (var i = 0; i < fileOrder.Count; i++)
        {
            previous = fileOrder[i].EventTimeUnixMs ?? previous;
            keyed[i] = (previous, i, fileOrder[i]);
        }

        Array.Sort(keyed, (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Index.CompareTo(b.Index));
        return keyed.Select(k => (ISensorReading)k.Reading).ToArray();
    }

    private static string Slug(string name) =>
        string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    private static string Required(string dataDirectory, string fileName)
    {
        var path = Path.Combine(dataDirectory, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Recorded sensor file {fileName} is missing from {dataDirectory}.", path);
    }
}
