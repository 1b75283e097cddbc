namespace Lakegate.Durable.Tests.TestGrains;

/// <summary>A grain with persistent state in the silo's device storage, to exercise Orleans grain storage on PostgreSQL.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();
}
