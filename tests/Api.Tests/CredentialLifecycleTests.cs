using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lakegate.Grains.Credentials;

namespace Lakegate.Api.Tests;

/// <summary>Keys that expire, rotate with grace, revoke at once; devices disabled and enabled; fleet queries; the audit trail.</summary>
public sealed class CredentialLifecycleTests(ClockedApiFixture api) : IClassFixture<ClockedApiFixture>
{
    private async Task<HttpStatusCode> SendAsync(string deviceId, string key)
    {
        using var response = await api.SendTelemetryAsync(deviceId, key, "{\"t\":1}");
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Every credential failure is the same answer.
            var problem = await response.Content.ReadFromJsonAsync<ProblemAnswer>();
            Assert.Equal("unauthorized", problem!.Code);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        return response.StatusCode;
    }

    private async Task<DeviceKeyAnswer> RotateAsync(string deviceId, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await api.OperatorSendAsync(HttpMethod.Post, $"/v1/admin/devices/{deviceId}/keys", body);
        Assert.Equal(expected, response.StatusCode);
        return expected == HttpStatusCode.Created ? (await response.Content.ReadFromJsonAsync<DeviceKeyAnswer>())! : null!;
    }

    [Fact]
    public async Task Rotation_with_a_grace_period_keeps_both_keys_until_the_grace_ends_then_only_the_new_one()
    {
        var old = await api.CreateDeviceAsync("rotate-grace");
        var fresh = await RotateAsync("rotate-grace", new { revokeOtherKeysAfterSeconds = 3600, keyLifetimeDays = 90 });
        Assert.NotEqual(old.KeyId, fresh.KeyId);
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-grace", old.Key));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-grace", fresh.Key));

        api.Clock.Advance(TimeSpan.FromSeconds(3599));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-grace", old.Key));
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("rotate-grace", old.Key));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-grace", fresh.Key));

        var device = await api.GetDeviceAsync("rotate-grace");
        Assert.Equal(2, device.Keys.Count);
        Assert.NotNull(device.Keys.Single(k => k.KeyId == old.KeyId).RevokedAt);
        Assert.NotNull(device.Keys.Single(k => k.KeyId == fresh.KeyId).LastUsedAt);
    }

    [Fact]
    public async Task Rotation_with_zero_grace_revokes_the_others_at_once_and_a_third_active_key_is_refused()
    {
        var first = await api.CreateDeviceAsync("rotate-now");
        var second = await RotateAsync("rotate-now", new { });
        await RotateAsync("rotate-now", new { }, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-now", first.Key));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-now", second.Key));

        var third = await RotateAsync("rotate-now", new { revokeOtherKeysAfterSeconds = 0 });
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("rotate-now", first.Key));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("rotate-now", second.Key));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-now", third.Key));
    }

    [Fact]
    public async Task Rotations_during_a_grace_period_never_make_a_third_working_key()
    {
        var first = await api.CreateDeviceAsync("rotate-twice");
        var second = await RotateAsync("rotate-twice", new { revokeOtherKeysAfterSeconds = 3600 });

        // The first key still works through its grace: a second grace rotation or a plain one would make three.
        await RotateAsync("rotate-twice", new { revokeOtherKeysAfterSeconds = 3600 }, HttpStatusCode.Conflict);
        await RotateAsync("rotate-twice", new { }, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-twice", first.Key));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-twice", second.Key));

        var third = await RotateAsync("rotate-twice", new { revokeOtherKeysAfterSeconds = 0 });
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("rotate-twice", first.Key));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("rotate-twice", second.Key));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-twice", third.Key));

        // Once a grace period is over, its key no longer counts.
        var fourth = await RotateAsync("rotate-twice", new { revokeOtherKeysAfterSeconds = 60 });
        api.Clock.Advance(TimeSpan.FromSeconds(60));
        var fifth = await RotateAsync("rotate-twice", new { revokeOtherKeysAfterSeconds = 60 });
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("rotate-twice", third.Key));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-twice", fourth.Key));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("rotate-twice", fifth.Key));
        var device = await api.GetDeviceAsync("rotate-twice");
        Assert.Equal(2, device.Keys.Count(k => k.RevokedAt is null || k.RevokedAt > api.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_rotated_key_lifetime_is_capped_by_policy()
    {
        await api.CreateDeviceAsync("rotate-cap");
        var key = await RotateAsync("rotate-cap", new { keyLifetimeDays = 10_000 });
        Assert.Equal(api.Clock.GetUtcNow().AddDays(730), key.ExpiresAt);
    }

    [Fact]
    public async Task No_request_that_starts_after_a_revocation_succeeds()
    {
        var key = await api.CreateDeviceAsync("revoke-inflight");
        var revokedAt = long.MaxValue;
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(long Started, HttpStatusCode Status)>();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                outcomes.Add((started, await SendAsync("revoke-inflight", key.Key)));
            }
        })).ToArray();

        await Eventually.True(() => Task.FromResult(outcomes.Count(o => o.Status == HttpStatusCode.Accepted) >= 50));
        using (var revoke = await api.OperatorSendAsync(HttpMethod.Delete, $"/v1/admin/devices/revoke-inflight/keys/{key.KeyId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
            revokedAt = Stopwatch.GetTimestamp();
        }

        await Eventually.True(() => Task.FromResult(outcomes.Count(o => o.Started > revokedAt) >= 50));
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        var after = outcomes.Where(o => o.Started > revokedAt).ToArray();
        // 401 for the revoked key, or 429 once the failed-authentication limiter steps in: never a success.
        Assert.All(after, o => Assert.Contains(o.Status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.Contains(after, o => o.Status == HttpStatusCode.Unauthorized);
        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.Accepted);
        using var again = await api.OperatorSendAsync(HttpMethod.Delete, $"/v1/admin/devices/revoke-inflight/keys/{key.KeyId}");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var unknown = await api.OperatorSendAsync(HttpMethod.Delete, "/v1/admin/devices/revoke-inflight/keys/0000000000000000");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_key_that_expires_mid_stream_fails_from_its_expiry_on()
    {
        var key = await api.CreateDeviceAsync("expire-stream", keyLifetimeDays: 1);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await SendAsync("expire-stream", key.Key));
            api.Clock.Advance(TimeSpan.FromHours(4));
        }

        api.Clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("expire-stream", key.Key));
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("expire-stream", key.Key));
        Assert.Equal(5 + 1, (await api.GetDeviceAsync("expire-stream")).Accepted);
    }

    [Fact]
    public async Task Disable_refuses_the_next_request_with_403_and_enable_restores_it()
    {
        var key = await api.CreateDeviceAsync("toggle");
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("toggle", key.Key));
        using (var disable = await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/toggle/disable"))
        {
            Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        }

        using (var refused = await api.SendTelemetryAsync("toggle", key.Key, "{}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("device-disabled", (await refused.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
        }

        Assert.False((await api.GetDeviceAsync("toggle")).Enabled);
        using (var enable = await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/toggle/enable"))
        {
            Assert.Equal(HttpStatusCode.NoContent, enable.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("toggle", key.Key));
        using var missing = await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/no-such-device/disable");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Fleet_queries_find_expiring_keys_and_silent_devices_across_pages()
    {
        var prefix = "fleet-" + Guid.NewGuid().ToString("N")[..6] + "-";
        var soon = new List<string>();
        var talking = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var id = $"{prefix}{i:D2}";
            var key = await api.CreateDeviceAsync(id, keyLifetimeDays: i % 2 == 0 ? 10 : 400);
            if (i % 2 == 0)
            {
                soon.Add(id);
            }

            if (i % 3 == 0)
            {
                Assert.Equal(HttpStatusCode.Accepted, await SendAsync(id, key.Key));
                talking.Add(id);
            }
        }

        var expiring = await QueryAllAsync("keyExpiresWithinDays=30&limit=2", prefix);
        Assert.Equal(soon, expiring);

        await Eventually.True(async () => (await QueryAllAsync("silentForMinutes=60&limit=3", prefix)).Count == 7 - talking.Count);
        Assert.Empty((await QueryAllAsync("silentForMinutes=60&limit=3", prefix)).Intersect(talking));

        api.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(7, (await QueryAllAsync("silentForMinutes=60&limit=100", prefix)).Count);

        using var bad = await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/devices?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var badCursor = await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/devices?cursor=%%%");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
    }

    private async Task<List<string>> QueryAllAsync(string filter, string prefix)
    {
        var found = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            using var response = await api.OperatorSendAsync(HttpMethod.Get, $"/v1/admin/devices?{filter}" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            found.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("deviceId").GetString()!));
            cursor = page.RootElement.GetProperty("nextCursor").GetString();
            Assert.True(++pages < 10_000);
        }
        while (cursor is not null);

        Assert.Equal(found.Count, found.Distinct().Count());
        return found.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public async Task Bulk_import_of_ten_thousand_devices_shows_each_key_once_and_the_keys_work()
    {
        var prefix = "bulk-" + Guid.NewGuid().ToString("N")[..6] + "-";
        var devices = Enumerable.Range(0, 10_000).Select(i => new { deviceId = $"{prefix}{i}" }).ToArray();
        using var response = await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/bulk", new { devices, keyLifetimeDays = 30 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(10_000, result.RootElement.GetProperty("created").GetInt32());
        var results = result.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(10_000, results.Select(r => r.GetProperty("key").GetString()).Distinct().Count());
        foreach (var r in results.Where((_, i) => i % 2_000 == 0))
        {
            Assert.Equal(HttpStatusCode.Accepted, await SendAsync(r.GetProperty("deviceId").GetString()!, r.GetProperty("key").GetString()!));
        }

        // Again: nothing new is created and no key is shown.
        using var again = await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/bulk", new { devices = devices.Take(3) });
        using var second = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal(0, second.RootElement.GetProperty("created").GetInt32());
        Assert.All(second.RootElement.GetProperty("results").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("key").ValueKind));
    }

    [Fact]
    public async Task Bulk_import_takes_csv_and_rejects_a_bad_list_whole()
    {
        var prefix = "csv-" + Guid.NewGuid().ToString("N")[..6] + "-";
        var csv = $"deviceId,keyLifetimeDays\n{prefix}a,20\n{prefix}b\n";
        var request = api.Operator(HttpMethod.Post, "/v1/admin/devices/bulk");
        request.Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        using (var response = await api.Http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"created\":2", await response.Content.ReadAsStringAsync());
        }

        var bad = api.Operator(HttpMethod.Post, "/v1/admin/devices/bulk", new { devices = new[] { new { deviceId = $"{prefix}c" }, new { deviceId = "bad id" }, new { deviceId = $"{prefix}c" } } });
        using var rejected = await api.Http.SendAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal("invalid-device-list", (await rejected.Content.ReadFromJsonAsync<ProblemAnswer>())!.Code);
        using var notCreated = await api.OperatorSendAsync(HttpMethod.Get, $"/v1/admin/devices/{prefix}c");
        Assert.Equal(HttpStatusCode.NotFound, notCreated.StatusCode);
    }

    [Fact]
    public async Task The_audit_trail_records_the_lifecycle_without_secrets()
    {
        var key = await api.CreateDeviceAsync("audited");
        var rotated = await RotateAsync("audited", new { revokeOtherKeysAfterSeconds = 0 });
        (await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/audited/disable")).Dispose();
        (await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/audited/enable")).Dispose();
        using var response = await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/audit?deviceId=audited");
        var text = await response.Content.ReadAsStringAsync();
        using var audit = JsonDocument.Parse(text);
        var events = audit.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event").GetString()!).Reverse().ToArray();
        Assert.Equal(["device-created", "key-issued", "key-revoked", "device-disabled", "device-enabled"], events);
        Assert.DoesNotContain(key.Key.Split('_', 3)[2], text);
        Assert.DoesNotContain(rotated.Key.Split('_', 3)[2], text);
    }

    [Fact]
    public async Task A_full_credential_lifecycle_leaves_no_secret_or_hash_in_any_log_line_or_answer()
    {
        var answers = new List<string>();
        async Task<string> Read(HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync();
            answers.Add(response.Headers + body);
            return body;
        }

        using var created = await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices", new { deviceId = "secrets" });
        var first = JsonSerializer.Deserialize<DeviceKeyAnswer>(await created.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync("secrets", first.Key));
        using var rotate = await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/secrets/keys", new { revokeOtherKeysAfterSeconds = 0 });
        var second = JsonSerializer.Deserialize<DeviceKeyAnswer>(await rotate.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        await Read(await api.SendTelemetryAsync("secrets", first.Key, "{}"));
        await Read(await api.SendTelemetryAsync("secrets", second.Key, "{}"));
        await Read(await api.SendTelemetryAsync("secrets", second.Key[..^3] + "abc", "{}"));
        await Read(await api.OperatorSendAsync(HttpMethod.Delete, $"/v1/admin/devices/secrets/keys/{second.KeyId}"));
        await Read(await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/secrets/disable"));
        await Read(await api.OperatorSendAsync(HttpMethod.Post, "/v1/admin/devices/secrets/enable"));
        await Read(await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/devices/secrets"));
        await Read(await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/devices?limit=1000"));
        await Read(await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/audit?deviceId=secrets"));
        await Read(await api.OperatorSendAsync(HttpMethod.Get, "/v1/admin/databricks/token"));
        await Read(await api.Http.GetAsync("/readyz"));

        var hasher = api.Host.Services.GetRequiredService<DeviceKeyHasher>();
        var forbidden = new List<string> { LakegateApiFixture.OperatorKey };
        foreach (var key in new[] { first, second })
        {
            var secret = key.Key.Split('_', 3)[2];
            var hash = hasher.Hash("secrets", key.KeyId, secret);
            forbidden.AddRange([secret, Convert.ToBase64String(hash), Convert.ToHexString(hash), Convert.ToHexStringLower(hash)]);
        }

        var lines = api.Logs.Lines.ToArray();
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains("key-revoked", StringComparison.Ordinal));
        foreach (var secret in forbidden)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(answers, a => a.Contains(secret, StringComparison.Ordinal));
        }
    }
}
