namespace Lakegate.DatabricksEmulator.Tests;

/// <summary>
/// A test class against a shared emulator: each test gets a fresh client (and, when asked, a token from
/// the emulator's token endpoint) and the fixture's state reset for it.
/// </summary>
public abstract class EmulatorTest<TFixture>(TFixture fixture, bool withToken) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : EmulatorFixture
{
    protected EmulatorClient Client { get; private set; } = null!;

    /// <summary>A bearer token the emulator granted; empty unless the class asked for one.</summary>
    protected string Token { get; private set; } = string.Empty;

    protected TFixture Fixture => fixture;

    protected DatabricksEmulatorServer Server => fixture.Server;

    public async Task InitializeAsync()
    {
        Client = fixture.StartTest();
        if (withToken)
        {
            Token = await Client.GetTokenAsync();
        }
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }
}
