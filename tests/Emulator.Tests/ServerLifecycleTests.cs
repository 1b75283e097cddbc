using System.Net.Sockets;

namespace Lakegate.DatabricksEmulator.Tests;

public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task Servers_started_on_port_zero_get_their_own_ports_and_state()
    {
        await using var first = await DatabricksEmulatorServer.StartAsync(new EmulatorOptions { AppName = "one" });
        await using var second = await DatabricksEmulatorServer.StartAsync(new EmulatorOptions { AppName = "two" });

        Assert.NotEqual(first.BaseUrl.Port, second.BaseUrl.Port);
        Assert.Equal("127.0.0.1", first.BaseUrl.Host);
        Assert.EndsWith("/", first.BaseUrl.AbsoluteUri);
        Assert.Equal($"{first.BaseUrl}apps/one/api/ingest", first.AppIngestUrl.ToString());
        Assert.NotSame(first.State, second.State);
        Assert.NotSame(first.Faults, second.Faults);
    }

    [Fact]
    public async Task Disposing_stops_listening_and_is_idempotent()
    {
        var server = await DatabricksEmulatorServer.StartAsync(new EmulatorOptions());
        var port = server.BaseUrl.Port;

        await server.DisposeAsync();
        await server.DisposeAsync();

        using var socket = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_listening()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => DatabricksEmulatorServer.StartAsync(new EmulatorOptions { ClientSecret = "" }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DatabricksEmulatorServer.StartAsync(new EmulatorOptions { TokenLifetimeSeconds = 0 }));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8089", "http://localhost:8089/")]
    [InlineData("http://[::]:8089", "http://localhost:8089/")]
    [InlineData("http://+:8089", "http://localhost:8089/")]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234/")]
    public void Base_url_replaces_wildcard_hosts(string bound, string expected)
    {
        Assert.Equal(new Uri(expected), EmulatorBaseUrl.From([bound]));
    }
}
