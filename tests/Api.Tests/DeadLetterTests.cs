using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lakegate.Api.Tests;

/// <summary>Records the App refuses as invalid are parked, visible to operators, counted on the device, and can be replayed.</summary>
public sealed class DeadLetterTests(LakegateApiFixture api) : IClassFixture<LakegateApiFixture>
{
    [Fact]
    public async Task Poison_records_are_parked_without_blocking_the_rest_and_replay_delivers_them()
    {
        var emulator = api.Host.Emulator!;
        emulator.Faults.RejectPayloadsContaining = "POISON";
        var key = await api.CreateDeviceAsync("poisoned");
        var body = "[" + string.Join(",", Enumerable.Range(1, 10).Select(i => i is 3 or 7 ? $"{{\"v\":\"POISON-{i}\"}}" : $"{{\"v\":{i}}}")) + "]";
        using (var response = await api.SendTelemetryAsync("poisoned", key.Key, body))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Eventually.True(async () =>
        {
            var state = await api.GetDeviceAsync("poisoned");
            return state.Delivered == 8 && state.Buffered == 0;
        });
        Assert.Equal([1L, 2, 4, 5, 6, 8, 9, 10], emulator.State.GetRecords("poisoned").Select(r => r.Seq));

        using (var list = await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/dead-letters?deviceId=poisoned"))
        {
            using var letters = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
            var items = letters.RootElement.GetProperty("items").EnumerateArray().ToArray();
            Assert.Equal([3L, 7L], items.Select(i => i.GetProperty("seq").GetInt64()).Order());
            Assert.All(items, i => Assert.StartsWith("POISON", i.GetProperty("payload").GetProperty("v").GetString()));
            Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("reason").GetString())));
        }

        using (var device = await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/devices/poisoned"))
        {
            using var state = JsonDocument.Parse(await device.Content.ReadAsStringAsync());
            Assert.Equal(10, state.RootElement.GetProperty("accepted").GetInt64());
            Assert.Equal(2, state.RootElement.GetProperty("deadLettered").GetInt64());
        }

        // Fixed on the Databricks side: replay sends them again, and now everything is delivered.
        emulator.Faults.RejectPayloadsContaining = null;
        using (var replay = await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/poisoned/dead-letters/replay"))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal(2, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        }

        await Eventually.True(async () => (await api.GetDeviceAsync("poisoned")).Delivered == 10);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), emulator.State.GetRecords("poisoned").Select(r => r.Seq));
        using var empty = await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/dead-letters?deviceId=poisoned");
        Assert.Contains("\"items\":[]", await empty.Content.ReadAsStringAsync());
    }
}
