namespace Lakegate.DatabricksEmulator.Tests;

/// <summary>
/// One emulator shared by the tests of a class (they run one after another). <see cref="StartTest"/>
/// gives each test a clean emulator: records, counters, statements, tokens and faults reset.
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    public DatabricksEmulatorServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await DatabricksEmulatorServer.StartAsync(CreateOptions());

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public EmulatorClient StartTest()
    {
        Server.State.Reset();
        Server.State.RevokeAllTokens();
        Server.Faults.Clear();
        return new EmulatorClient(Server);
    }

    protected virtual EmulatorOptions CreateOptions() => new();
}
