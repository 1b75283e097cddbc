using Microsoft.Extensions.Configuration;

namespace Lakegate.DatabricksEmulator.Tests;

public sealed class EmulatorConfigurationTests
{
    [Fact]
    public void Configured_values_override_the_defaults()
    {
        var options = EmulatorConfiguration.Read(Configuration(new()
        {
            ["Emulator:ClientId"] = "sp-1",
            ["Emulator:ClientSecret"] = "s3cret",
            ["Emulator:TokenLifetimeSeconds"] = "600",
            ["Emulator:AppName"] = "ingest-app",
            ["Emulator:MaxRequestBodyBytes"] = "1024",
        }), out var secretConfigured);

        Assert.True(secretConfigured);
        Assert.Equal("sp-1", options.ClientId);
        Assert.Equal("s3cret", options.ClientSecret);
        Assert.Equal(600, options.TokenLifetimeSeconds);
        Assert.Equal("ingest-app", options.AppName);
        Assert.Equal(1024, options.MaxRequestBodyBytes);
    }

    [Fact]
    public void Without_configuration_the_defaults_apply_and_the_default_secret_is_reported()
    {
        var options = EmulatorConfiguration.Read(Configuration([]), out var secretConfigured);

        Assert.False(secretConfigured);
        Assert.Equal(new EmulatorOptions().ClientId, options.ClientId);
        Assert.Equal(new EmulatorOptions().ClientSecret, options.ClientSecret);
        Assert.Equal(3600, options.TokenLifetimeSeconds);
    }

    [Theory]
    [InlineData("Emulator:TokenLifetimeSeconds", "an hour")]
    [InlineData("Emulator:TokenLifetimeSeconds", "0")]
    [InlineData("Emulator:AppName", "a/b")]
    public void Invalid_values_stop_the_start(string key, string value)
    {
        Assert.ThrowsAny<Exception>(() => EmulatorConfiguration.Read(Configuration(new() { [key] = value }), out _));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
