using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Lakegate.Grains.Telemetry;

namespace Lakegate.Telemetry.Tests;

public sealed class IngestTraceTests(TelemetryGatewayFixture gateway) : IClassFixture<TelemetryGatewayFixture>, IDisposable
{
    private const string DeviceSideName = "Lakegate.Telemetry.Tests.Device";
    private static readonly ActivitySource DeviceSide = new(DeviceSideName);
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == LakegateActivities.SourceName || source.Name == DeviceSideName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    [Fact]
    public async Task The_Databricks_send_span_shares_the_trace_of_the_HTTP_ingest_request()
    {
        _listener.ActivityStopped = _stopped.Enqueue;
        ActivitySource.AddActivityListener(_listener);
        var key = await gateway.CreateDeviceAsync("trace-device");

        ActivityTraceId traceId;
        using (var device = DeviceSide.StartActivity("device posts telemetry", ActivityKind.Client))
        {
            Assert.NotNull(device);
            traceId = device.TraceId;
            using var response = await gateway.SendTelemetryAsync("trace-device", key, 2);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Eventually.True(
            () => _stopped.Any(a => a.OperationName == LakegateActivities.DatabricksSend && a.TraceId == traceId),
            because: "no Databricks send span joined the ingest request's trace");
        var send = _stopped.First(a => a.OperationName == LakegateActivities.DatabricksSend && a.TraceId == traceId);
        Assert.Equal(ActivityKind.Client, send.Kind);
        Assert.Equal("Delivered", send.GetTagItem("lakegate.delivery.outcome"));
    }

    public void Dispose() => _listener.Dispose();
}
