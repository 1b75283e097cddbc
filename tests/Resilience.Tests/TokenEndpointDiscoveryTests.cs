using System.Net;
using System.Text;
using Lakegate.DatabricksEmulator;
using Lakegate.Grains.Databricks;
using Microsoft.Extensions.Options;

namespace Lakegate.Resilience.Tests;

/// <summary>
/// The OAuth grant finds its token endpoint through the workspace's OAuth metadata when none is configured,
/// keeps the first answer, and falls back to {host}/oidc/v1/token when discovery fails. Against the emulator.
/// </summary>
public sealed class TokenEndpointDiscoveryTests : IAsyncLifetime
{
    private const string ClientId = "discovery-tests";
    private const string ClientSecret = "discovery-secret-0123456789";

    private readonly RecordingHandler _handler = new();
    private DatabricksEmulatorServer _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await DatabricksEmulatorServer.StartAsync(new EmulatorOptions { ClientId = ClientId, ClientSecret = ClientSecret });
        _http = new HttpClient(_handler);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private OAuthClientCredentialsSource Source(string? tokenEndpoint = null) => new(
        _http,
        Options.Create(new DatabricksOptions
        {
            Host = _emulator.BaseUrl.ToString(),
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            TokenEndpoint = tokenEndpoint,
        }),
        TimeProvider.System);

    private IReadOnlyList<Uri> GrantRequests => _handler.Requests.Where(r => r.Method == HttpMethod.Post).Select(r => r.Uri).ToArray();

    [Fact]
    public async Task Without_a_configured_endpoint_it_is_discovered_once_and_kept()
    {
        var source = Source();

        var first = await source.RequestTokenAsync(CancellationToken.None);
        var second = await source.RequestTokenAsync(CancellationToken.None);

        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(1, _handler.DiscoveryRequests);
        Assert.Equal(_emulator.TokenEndpointUrl, source.Endpoint.Discovered);
        Assert.All(GrantRequests, uri => Assert.Equal(_emulator.TokenEndpointUrl, uri));
        Assert.Equal(2, _emulator.State.TokenGrantCount);
    }

    [Fact]
    public async Task A_configured_endpoint_is_used_as_is_without_discovery()
    {
        var configured = new Uri(_emulator.TokenEndpointUrl, "?configured=1");
        var source = Source(configured.ToString());

        await source.RequestTokenAsync(CancellationToken.None);

        Assert.Equal(0, _handler.DiscoveryRequests);
        Assert.Equal([configured], GrantRequests);
        Assert.Null(source.Endpoint.Discovered);
        Assert.Equal(configured, new DatabricksOptions { TokenEndpoint = configured.ToString() }.ResolveTokenEndpoint());
    }

    [Fact]
    public async Task When_discovery_fails_the_conventional_endpoint_is_used_and_discovery_is_tried_again_next_time()
    {
        var source = Source();
        _handler.DiscoveryAnswer = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        await source.RequestTokenAsync(CancellationToken.None);
        Assert.Null(source.Endpoint.Discovered);
        Assert.Equal([new Uri(_emulator.BaseUrl, "oidc/v1/token")], GrantRequests);

        _handler.DiscoveryAnswer = null;
        await source.RequestTokenAsync(CancellationToken.None);
        await source.RequestTokenAsync(CancellationToken.None);

        Assert.Equal(2, _handler.DiscoveryRequests);
        Assert.Equal(_emulator.TokenEndpointUrl, source.Endpoint.Discovered);
        Assert.Equal(3, _emulator.State.TokenGrantCount);
    }

    [Fact]
    public async Task Metadata_naming_another_host_or_no_endpoint_is_not_trusted_with_the_secret()
    {
        var source = Source();
        foreach (var document in new[]
        {
            "{\"token_endpoint\":\"https://collector.example.net/oidc/v1/token\"}",
            "{\"issuer\":\"x\"}",
            "not json",
        })
        {
            _handler.DiscoveryAnswer = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(document, Encoding.UTF8, "application/json") };
            await source.RequestTokenAsync(CancellationToken.None);
        }

        Assert.Null(source.Endpoint.Discovered);
        Assert.All(GrantRequests, uri => Assert.Equal(new Uri(_emulator.BaseUrl, "oidc/v1/token"), uri));
        Assert.DoesNotContain(_handler.Requests, r => r.Uri.Host == "collector.example.net");
    }

    [Fact]
    public async Task The_embedded_gateway_gets_its_token_through_discovery()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var devices = await gateway.ProvisionAsync("discovered", 2);

        await gateway.IngestAsync(devices, requestsPerDevice: 1, readingsPerRequest: 2);

        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(TimeSpan.FromSeconds(30));
        var source = Assert.IsType<OAuthClientCredentialsSource>(gateway.Host.Services.GetRequiredService<ITokenSource>());
        Assert.Equal(gateway.Emulator.TokenEndpointUrl, source.Endpoint.Discovered);
    }
}
