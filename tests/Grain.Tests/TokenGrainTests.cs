using Lakegate.Grains;
using Lakegate.Grains.Databricks;
using Lakegate.Grains.Interfaces;
using Lakegate.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lakegate.Grain.Tests;

public sealed class TokenGrainTests : IAsyncLifetime
{
    private readonly GatedTokenSource _source = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<ITokenSource>(_source);
            silo.AddMemoryGrainStorage(DeviceGrain.StorageName);
            silo.AddLakegateGrains(new ConfigurationBuilder().Build());
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Two_hundred_concurrent_callers_without_a_token_cause_exactly_one_grant()
    {
        var grain = _cluster.Client.GetGrain<ITokenGrain>("default");
        _source.Hold();
        var callers = Enumerable.Range(0, 200).Select(_ => grain.GetToken()).ToArray();
        await Eventually.True(() => _source.Waiting >= 1);
        _source.Release();
        var leases = await Task.WhenAll(callers);
        // Callers that reached the grain after the grant completed get the cached token; none starts a second grant.

        Assert.Equal(1, _source.Grants);
        Assert.All(leases, l => Assert.Equal("grain-token-1", l.AccessToken));
        var status = await grain.GetStatus();
        Assert.Equal(1, status.Grants);
        Assert.Equal(1, _source.Waiting);
    }

    [Fact]
    public async Task The_status_tells_the_state_but_never_the_token()
    {
        var grain = _cluster.Client.GetGrain<ITokenGrain>("status");
        var lease = await grain.GetToken();
        var status = await grain.GetStatus();
        Assert.Equal("oauth", status.Mode);
        Assert.NotNull(status.LastRefreshAt);
        Assert.DoesNotContain(lease.AccessToken, System.Text.Json.JsonSerializer.Serialize(status));
    }
}
