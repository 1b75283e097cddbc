namespace Lakegate.Durable.Tests.TestGrains;

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public DateTimeOffset? UpdatedAt { get; set; }
}
