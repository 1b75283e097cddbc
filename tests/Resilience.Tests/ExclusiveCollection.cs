namespace Lakegate.Resilience.Tests;

/// <summary>Tests that measure counts or process memory run alone, with nothing else in the process busy.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExclusiveCollection
{
    public const string Name = "exclusive";
}
