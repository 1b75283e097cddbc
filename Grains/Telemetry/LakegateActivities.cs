using System.Diagnostics;

namespace Lakegate.Grains.Telemetry;

/// <summary>The gateway's activity source "Lakegate" and the names of its spans.</summary>
public static class LakegateActivities
{
    public const string SourceName = "Lakegate";

    /// <summary>One request of a batch to Databricks, from handing it to the sink until the sink's answer.</summary>
    public const string DatabricksSend = "lakegate.databricks.send";

    /// <summary>One request to the token endpoint.</summary>
    public const string TokenRefresh = "lakegate.token.refresh";

    public static readonly ActivitySource Source = new(SourceName);
}
