using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lakegate.Api.Tests;

public sealed class EndToEndTests(LakegateApiFixture api) : IClassFixture<LakegateApiFixture>
{
    [Fact]
    public async Task Readings_posted_over_HTTP_land_in_the_App_exactly_once_in_few_batches_with_one_token_grant()
    {
        var emulator = api.Host.Emulator!.State;
        var grantsBefore = emulator.TokenGrantCount;
        var devices = Enumerable.Range(1, 8).Select(i => $"e2e-{i}").ToArray();
        var keys = new Dictionary<string, string>();
        foreach (var device in devices)
        {
            keys[device] = (await api.CreateDeviceAsync(device)).Key;
        }

        var requestsBefore = emulator.AppRequestCount;
        var sent = 0;
        var posts = new List<Task>();
        foreach (var device in devices)
        {
            for (var r = 0; r < 10; r++)
            {
                var body = r % 2 == 0
                    ? JsonSerializer.Serialize(new { ts = DateTimeOffset.UtcNow.ToString("O"), temperature = 20 + r, device })
                    : JsonSerializer.Serialize(Enumerable.Range(0, 4).Select(i => new { ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), humidity = 40 + i }));
                sent += r % 2 == 0 ? 1 : 4;
                posts.Add(PostAsync(device, keys[device], body));
            }
        }

        await Task.WhenAll(posts);
        await Eventually.True(async () =>
        {
            foreach (var device in devices)
            {
                var state = await api.GetDeviceAsync(device);
                if (state.Delivered != state.Accepted || state.Accepted != 25)
                {
                    return false;
                }
            }

            return true;
        });

        var records = devices.SelectMany(emulator.GetRecords).ToArray();
        Assert.Equal(sent, records.Length);
        foreach (var device in devices)
        {
            var seqs = emulator.GetRecords(device).Select(r => r.Seq).ToArray();
            Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), seqs.Order());
        }

        var appRequests = emulator.AppRequestCount - requestsBefore;
        Assert.True(appRequests < sent / 4, $"{appRequests} App requests for {sent} readings");
        Assert.Equal(0, emulator.DuplicateCount);
        Assert.True(emulator.TokenGrantCount - grantsBefore <= 1, "more than one token grant");
        Assert.Equal(1, emulator.TokenGrantCount);

        // The silo's token cache asked the token grain about once, not once per Databricks request.
        var tokens = api.Host.Services.GetRequiredService<Lakegate.Grains.Databricks.SiloTokenProvider>();
        Assert.InRange(tokens.GrainCalls, 1, 2);
    }

    private async Task PostAsync(string device, string key, string body)
    {
        using var response = await api.SendTelemetryAsync(device, key, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<AcceptedAnswer>();
        Assert.Equal(accepted!.LastSeq - accepted.FirstSeq + 1, accepted.Accepted);
    }

    [Fact]
    public async Task A_retried_request_with_an_idempotency_key_is_answered_the_same_and_stored_once()
    {
        var key = (await api.CreateDeviceAsync("e2e-idem")).Key;
        using var first = await api.SendTelemetryAsync("e2e-idem", key, "[{\"a\":1},{\"a\":2}]", idempotencyKey: "retry-1");
        using var second = await api.SendTelemetryAsync("e2e-idem", key, "[{\"a\":1},{\"a\":2}]", idempotencyKey: "retry-1");
        var a = await first.Content.ReadFromJsonAsync<AcceptedAnswer>();
        var b = await second.Content.ReadFromJsonAsync<AcceptedAnswer>();
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(a, b);
        await Eventually.True(async () => (await api.GetDeviceAsync("e2e-idem")).Delivered == 2);
        Assert.Equal(2, api.Host.Emulator!.State.GetRecords("e2e-idem").Count);
    }

    [Fact]
    public async Task The_App_receives_payloads_verbatim_with_event_and_receipt_times()
    {
        var key = (await api.CreateDeviceAsync("e2e-verbatim")).Key;
        using var response = await api.SendTelemetryAsync("e2e-verbatim", key, "{\"ts\":\"2026-11-30T10:00:00Z\",\"t\":21.50}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.True(() => Task.FromResult(api.Host.Emulator!.State.GetRecords("e2e-verbatim").Count == 1));
        var record = api.Host.Emulator!.State.GetRecords("e2e-verbatim")[0];
        Assert.Equal("{\"ts\":\"2026-11-30T10:00:00Z\",\"t\":21.50}", record.PayloadJson);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), record.EventTime);
        Assert.True(record.ReceivedAt > record.EventTime);
    }
}
