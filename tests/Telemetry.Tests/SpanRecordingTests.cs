using System.Diagnostics;
using Lakegate.Grains.Telemetry;
using Lakegate.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Lakegate.Telemetry.Tests;

/// <summary>
/// Spans are recorded only when the OTLP exporter is configured; otherwise trace context only propagates.
/// Activity listeners are process-wide, so this runs alone, after the gateway fixtures (with their own
/// listeners) are gone.
/// </summary>
[Collection(SpanRecordingTests.Alone)]
public sealed class SpanRecordingTests
{
    public const string Alone = "activity listeners of the whole process";

    [Fact]
    public void With_an_OTLP_endpoint_a_tracer_provider_records_spans()
    {
        using var host = Build(otlpEndpoint: "http://127.0.0.1:4317");

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is TraceContextPropagation);
    }

    [Fact]
    public async Task Without_one_no_tracer_provider_is_registered_and_grain_calls_still_carry_the_trace_context()
    {
        using var host = Build(otlpEndpoint: null);
        Assert.Null(host.Services.GetService<TracerProvider>());

        var propagation = Assert.Single(host.Services.GetServices<IHostedService>().OfType<TraceContextPropagation>());
        var orleansApplication = new ActivitySource(LakegateOpenTelemetry.OrleansApplicationActivitySource);
        await propagation.StartAsync(CancellationToken.None);
        try
        {
            using var parent = new Activity("ingest request").SetIdFormat(ActivityIdFormat.W3C).Start();
            using var grainCall = orleansApplication.StartActivity("IDeviceGrain/Ingest", ActivityKind.Client);
            using var send = LakegateActivities.Source.StartActivity(LakegateActivities.DatabricksSend, ActivityKind.Client);

            Assert.NotNull(grainCall);
            Assert.Equal(parent.TraceId, grainCall.TraceId);
            Assert.False(grainCall.IsAllDataRequested);
            Assert.False(grainCall.Recorded);
            Assert.NotNull(send);
            Assert.Equal(parent.TraceId, send.TraceId);
            Assert.False(send.IsAllDataRequested);
        }
        finally
        {
            await propagation.StopAsync(CancellationToken.None);
        }

        Assert.False(orleansApplication.HasListeners(), "the propagation listener outlived its host");
    }

    private static IHost Build(string? otlpEndpoint)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        builder.AddLakegateOpenTelemetry("lakegate-test");
        return builder.Build();
    }
}
