namespace Lakegate.DatabricksEmulator.Tests;

/// <summary>An emulator that accepts App ingest bodies of at most 4 KiB.</summary>
public sealed class SmallBodyLimitEmulatorFixture : EmulatorFixture
{
    public const int MaxRequestBodyBytes = 4096;

    protected override EmulatorOptions CreateOptions() => new() { MaxRequestBodyBytes = MaxRequestBodyBytes };
}
