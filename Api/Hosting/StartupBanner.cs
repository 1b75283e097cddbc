namespace Lakegate.Api.Hosting;

/// <summary>What a new user sees at start: where things are, how to try them, and what this mode keeps.</summary>
public static class StartupBanner
{
    public static string For(LakegateHost host)
    {
        var api = host.ApiUrl.ToString().TrimEnd('/');
        var operatorKey = host.GeneratedOperatorKey ?? "<your operator key>";
        var lines = new List<string>
        {
            string.Empty,
            "Lakegate is running.",
            $"  API:            {api}",
        };
        if (host.Emulator is not null)
        {
            lines.Add($"  Databricks:     emulator at {host.Emulator.BaseUrl} (stats: {host.Emulator.BaseUrl}_emulator/stats)");
        }
        else if (host.Mode == LakegateMode.ClusterClient)
        {
            lines.Add("  Databricks:     configured on the silos");
        }
        else
        {
            lines.Add("  Databricks:     the configured workspace (DATABRICKS_HOST)");
        }

        lines.Add(host.GeneratedOperatorKey is null
            ? "  Operator key:   from configuration (Operators:ApiKeys)"
            : $"  Operator key:   {host.GeneratedOperatorKey}   (generated for this run; set Operators__ApiKeys__0 to choose one)");
        lines.Add(string.Empty);
        switch (host.Mode)
        {
            case LakegateMode.Embedded:
                lines.Add("  MODE: embedded default. Device state and buffered readings are kept IN MEMORY:");
                lines.Add("  a crash or stop loses what was not yet delivered. Set ConnectionStrings__Postgres for durable mode.");
                break;
            case LakegateMode.DurableCoHosted:
                lines.Add("  MODE: durable, with a silo in this process. A 202 means the readings are committed in PostgreSQL.");
                break;
            default:
                lines.Add("  MODE: durable cluster client. Silos run as separate processes; a 202 means the readings are committed in PostgreSQL.");
                break;
        }
        lines.Add(string.Empty);
        lines.Add("  Try it:");
        lines.Add($"    KEY=$(curl -s -X POST {api}/v1/admin/devices -H 'Authorization: Bearer {operatorKey}' \\");
        lines.Add("          -H 'Content-Type: application/json' -d '{\"deviceId\":\"demo-1\"}' | sed -E 's/.*\"key\":\"([^\"]+)\".*/\\1/')");
        lines.Add($"    curl -i -X POST {api}/v1/devices/demo-1/telemetry -H \"Authorization: Bearer $KEY\" \\");
        lines.Add("          -H 'Content-Type: application/json' -d '{\"temperature\": 21.5}'");
        lines.Add($"    curl -s {api}/v1/admin/devices/demo-1 -H 'Authorization: Bearer {operatorKey}'");
        lines.Add(string.Empty);
        return string.Join(Environment.NewLine, lines);
    }
}
