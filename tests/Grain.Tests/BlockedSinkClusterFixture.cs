namespace Lakegate.Grain.Tests;

/// <summary>A cluster whose sink starts closed, for back-pressure and non-blocking flush tests.</summary>
public sealed class BlockedSinkClusterFixture : LakegateClusterFixture
{
    public BlockedSinkClusterFixture() => Sink.Hold();
}
