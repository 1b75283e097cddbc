using System.Diagnostics;
using Lakegate.Grains.Telemetry;
using Microsoft.Extensions.Hosting;

namespace Lakegate.Silo;

/// <summary>
/// Keeps trace context flowing when no span is exported: an activity listener that asks only for propagation
/// data from the Orleans application grain calls and the "Lakegate" source, so an ingest's trace id still
/// reaches the device grain, its log lines and the Databricks request, while no span is recorded or tagged.
/// With an exporter the OpenTelemetry tracer provider listens too and its sampling decision wins.
/// </summary>
public sealed class TraceContextPropagation : IHostedService, IDisposable
{
    private static readonly HashSet<string> Sources = [LakegateOpenTelemetry.OrleansApplicationActivitySource, LakegateActivities.SourceName];
    private ActivityListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener ??= new ActivityListener
        {
            ShouldListenTo = source => Sources.Contains(source.Name),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
    }
}
