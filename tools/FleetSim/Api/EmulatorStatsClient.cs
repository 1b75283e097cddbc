using System.Net.Http.Json;

namespace Lakegate.FleetSim.Api;

/// <summary>Reads the Databricks App emulator's counters.</summary>
public static class EmulatorStatsClient
{
    public static async Task<EmulatorStatsResponse?> FetchAsync(HttpClient http, Uri emulator, CancellationToken cancellationToken)
    {
        var url = $"{emulator.ToString().TrimEnd('/')}/_emulator/stats";
        return await http.GetFromJsonAsync(url, FleetSimJsonContext.Default.EmulatorStatsResponse, cancellationToken);
    }
}
