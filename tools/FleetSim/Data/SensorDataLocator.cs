namespace Lakegate.FleetSim.Data;

/// <summary>
/// Finds the folder of recorded sensor data: a <c>shared/data</c> folder next to the repository clone,
/// found by walking up from given start folders.
/// </summary>
public static class SensorDataLocator
{
    /// <summary>A file every complete copy of the data folder holds.</summary>
    public const string MarkerFile = "ulb_library1_R1.txt";

    /// <summary>Walks up from the current directory, then from the executable's folder.</summary>
    public static string Locate() => Locate([Environment.CurrentDirectory, AppContext.BaseDirectory]);

    /// <exception cref="DirectoryNotFoundException">No start folder has a <c>shared/data</c> folder above it.</exception>
    public static string Locate(IEnumerable<string> startFolders)
    {
        var searched = new List<string>();
        foreach (var start in startFolders)
        {
            for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "shared", "data");
                if (File.Exists(Path.Combine(candidate, MarkerFile)))
                {
                    return candidate;
                }
            }

            searched.Add(start);
        }

        throw new DirectoryNotFoundException(
            $"Could not find the recorded sensor data: no shared/data folder (with {MarkerFile}) above " +
            $"{string.Join(" or ", searched)}. Pass --data-dir <folder>.");
    }
}
