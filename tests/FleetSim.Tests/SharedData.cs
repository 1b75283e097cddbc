using Lakegate.FleetSim.Data;

namespace Lakegate.FleetSim.Tests;

/// <summary>The real recorded sensor files, found by walking up from the test assembly's folder.</summary>
public static class SharedData
{
    private static readonly Lazy<string> Folder = new(() => SensorDataLocator.Locate([AppContext.BaseDirectory]));

    public static string Directory => Folder.Value;

    public static string File(string name) => Path.Combine(Directory, name);
}
