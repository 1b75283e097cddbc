namespace Lakegate.DatabricksEmulator;

/// <summary>
/// Host lifetime of an emulator started inside another process: it neither waits for nor reacts to
/// console signals (those belong to the hosting process); the emulator stops when it is disposed.
/// </summary>
internal sealed class InProcessHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
