using System.Net;
using Lakegate.Api.Hosting;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Lakegate.Telemetry.Tests;

public sealed class GatewayMetricsTests(TelemetryGatewayFixture gateway) : IClassFixture<TelemetryGatewayFixture>
{
    [Fact]
    public async Task Accepted_readings_move_the_accepted_counter_by_exactly_their_number()
    {
        var key = await gateway.CreateDeviceAsync("metrics-accepted");
        using var accepted = gateway.Collect<long>("lakegate.readings.accepted");
        using var rejected = gateway.Collect<long>("lakegate.requests.rejected");

        using (var first = await gateway.SendTelemetryAsync("metrics-accepted", key, 3))
        using (var second = await gateway.SendTelemetryAsync("metrics-accepted", key, 1))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        Assert.Equal(4, accepted.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Empty(rejected.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_wrong_key_moves_rejected_with_reason_unauthorized_and_not_accepted()
    {
        await gateway.CreateDeviceAsync("metrics-wrong-key");
        using var accepted = gateway.Collect<long>("lakegate.readings.accepted");
        using var rejected = gateway.Collect<long>("lakegate.requests.rejected");

        using (var response = await gateway.SendTelemetryAsync("metrics-wrong-key", "lgk_not-the-right-key-0123456789", 2))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var rejection = Assert.Single(rejected.GetMeasurementSnapshot());
        Assert.Equal(1, rejection.Value);
        Assert.Equal("unauthorized", rejection.Tags["reason"]);
        Assert.Empty(accepted.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_malformed_body_moves_rejected_with_reason_malformed()
    {
        var key = await gateway.CreateDeviceAsync("metrics-malformed");
        using var rejected = gateway.Collect<long>("lakegate.requests.rejected");

        using (var response = await gateway.SendRawTelemetryAsync("metrics-malformed", key, "{not json"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var rejection = Assert.Single(rejected.GetMeasurementSnapshot());
        Assert.Equal("malformed", rejection.Tags["reason"]);
    }

    [Fact]
    public async Task A_flush_records_batch_size_and_delivery_latency_and_the_pending_gauge_returns_to_zero()
    {
        var key = await gateway.CreateDeviceAsync("metrics-flush");
        using var batchSizes = gateway.Collect<int>("lakegate.delivery.batch.size");
        using var latencies = gateway.Collect<double>("lakegate.delivery.duration");
        using var pending = gateway.Collect<long>("lakegate.delivery.pending");
        using var lag = gateway.Collect<double>("lakegate.delivery.lag");

        using (var response = await gateway.SendTelemetryAsync("metrics-flush", key, 5))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await gateway.WaitDeliveredAsync("metrics-flush", 5);

        Assert.True(batchSizes.GetMeasurementSnapshot().Sum(m => m.Value) >= 5, "the delivered readings were counted in batch sizes");
        Assert.All(batchSizes.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 1, 5_000));
        Assert.NotEmpty(latencies.GetMeasurementSnapshot());
        Assert.All(latencies.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0));
        await Eventually.True(() =>
        {
            pending.RecordObservableInstruments();
            lag.RecordObservableInstruments();
            return pending.LastMeasurement?.Value == 0 && lag.LastMeasurement?.Value == 0;
        }, because: "the pending gauge did not return to 0");
    }

    [Fact]
    public async Task A_reading_Databricks_refuses_moves_sink_errors_with_kind_invalid_records()
    {
        const string Poison = "poison-7f3a";
        var key = await gateway.CreateDeviceAsync("metrics-poison");
        using var sinkErrors = gateway.Collect<long>("lakegate.sink.errors");
        gateway.Host.Emulator!.Faults.RejectPayloadsContaining = Poison;
        try
        {
            var body = $"[{{\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"note\":\"{Poison}\"}}]";
            using (var response = await gateway.SendRawTelemetryAsync("metrics-poison", key, body))
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            await Eventually.True(
                () => sinkErrors.GetMeasurementSnapshot().Any(m => Equals(m.Tags["kind"], "invalid_records")),
                because: "the refused reading was not counted as an invalid_records sink error");
        }
        finally
        {
            gateway.Host.Emulator.Faults.RejectPayloadsContaining = null;
        }

        Assert.All(sinkErrors.GetMeasurementSnapshot(), m => Assert.Equal("invalid_records", m.Tags["kind"]));
    }

    [Fact]
    public async Task The_first_delivery_refreshes_the_token_once_and_its_expiry_is_observed()
    {
        var key = await gateway.CreateDeviceAsync("metrics-token");
        using (var response = await gateway.SendTelemetryAsync("metrics-token", key, 1))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await gateway.WaitDeliveredAsync("metrics-token", 1);

        // Collected since the host started: one token serves every delivery of these tests.
        var refresh = Assert.Single(gateway.TokenRefreshes.GetMeasurementSnapshot());
        Assert.Equal(1, refresh.Value);
        gateway.TokenTimeToExpiry.RecordObservableInstruments();
        Assert.True(gateway.TokenTimeToExpiry.LastMeasurement?.Value > 0, "the token's time to expiry is observed and positive");
    }

    [Fact]
    public async Task Metrics_answers_200_with_lakegate_metrics_in_Prometheus_text()
    {
        var key = await gateway.CreateDeviceAsync("metrics-scrape");
        using (var response = await gateway.SendTelemetryAsync("metrics-scrape", key, 1))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using var scrape = await gateway.Http.GetAsync(LakegateHost.MetricsPath);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE lakegate_readings_accepted_total counter", text);
        Assert.Contains("lakegate_delivery_pending", text);
        Assert.DoesNotContain(key, text);
        Assert.DoesNotContain("metrics-scrape", text);
    }
}
