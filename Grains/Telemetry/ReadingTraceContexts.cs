using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lakegate.Grains.Ingest;

namespace Lakegate.Grains.Telemetry;

/// <summary>
/// Remembers which ingest trace a request's readings came from, so the Databricks send span that
/// carries them joins that trace: its parent is the first remembered ingest of the batch and every
/// other one is a link. Only the first reading of each request is marked, and only while something
/// listens to the "Lakegate" source. The mark is a property of the reading and goes away with it: a weak table
/// keyed by reading cost a dependent GC handle per request and kept the finalizer thread busy.
/// </summary>
public static class ReadingTraceContexts
{
    private const int MaxLinks = 32;

    public static void Remember(IReadOnlyList<TelemetryRecord> records, Activity? ingest)
    {
        if (ingest is null || records.Count == 0 || !LakegateActivities.Source.HasListeners())
        {
            return;
        }

        records[0].IngestTrace = new StrongBox<ActivityContext>(ingest.Context);
    }

    /// <summary>Starts the send span of a batch; null when nobody listens.</summary>
    public static Activity? StartSend(IReadOnlyList<TelemetryRecord> records)
    {
        if (!LakegateActivities.Source.HasListeners())
        {
            return null;
        }

        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var record in records)
        {
            if (record.IngestTrace is not { } box)
            {
                continue;
            }

            if (parent == default)
            {
                parent = box.Value;
            }
            else if (box.Value.TraceId != parent.TraceId && (links ??= []).Count < MaxLinks)
            {
                links.Add(new ActivityLink(box.Value));
            }
        }

        return LakegateActivities.Source.StartActivity(LakegateActivities.DatabricksSend, ActivityKind.Client, parent, links: links);
    }
}
