using Lakegate.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lakegate.Silo;

/// <summary>
/// OpenTelemetry for a Lakegate process (standalone silo or Api): the "Lakegate" and Orleans meters,
/// the "Lakegate" and Orleans activity sources, outgoing HTTP spans, and trace ids on log scopes. The
/// OTLP exporter is on only when OTEL_EXPORTER_OTLP_ENDPOINT is set; the other OTEL_EXPORTER_OTLP_*
/// variables (protocol, headers, timeout) configure it as usual. Without it no span is recorded: trace context
/// still propagates (<see cref="TraceContextPropagation"/>) for log scopes and downstream requests.
/// </summary>
public static class LakegateOpenTelemetry
{
    public const string OrleansMeterName = "Microsoft.Orleans";
    public const string OrleansApplicationActivitySource = "Microsoft.Orleans.Application";
    public static readonly string[] OrleansActivitySources = [OrleansApplicationActivitySource, "Microsoft.Orleans.Runtime"];

    /// <param name="serviceName">service.name unless OTEL_SERVICE_NAME says otherwise.</param>
    /// <param name="tracing">The process's own span instrumentation, added only when spans are exported.</param>
    public static OpenTelemetryBuilder AddLakegateOpenTelemetry(this IHostApplicationBuilder builder, string serviceName, Action<TracerProviderBuilder>? tracing = null)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<LakegateMetrics>();
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : serviceName))
            .WithMetrics(metrics => metrics.AddMeter(LakegateMetrics.MeterName, OrleansMeterName));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(spans =>
            {
                spans.AddSource(LakegateActivities.SourceName)
                    .AddSource(OrleansActivitySources)
                    .AddHttpClientInstrumentation();
                tracing?.Invoke(spans);
            });
            // Exported log records carry the ingest path's DeviceId scope as attributes.
            builder.Services.Configure<OpenTelemetryLoggerOptions>(o => o.IncludeScopes = true);
            telemetry.UseOtlpExporter();
        }
        else
        {
            // Nothing would export the spans: none is recorded or tagged, the trace context only propagates.
            builder.Services.AddHostedService<TraceContextPropagation>();
        }

        return telemetry;
    }
}
