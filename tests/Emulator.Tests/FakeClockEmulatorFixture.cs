using Microsoft.Extensions.Time.Testing;

namespace Lakegate.DatabricksEmulator.Tests;

/// <summary>An emulator whose clock the tests move (token expiry).</summary>
public sealed class FakeClockEmulatorFixture : EmulatorFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = Clock };
}
