using Lakegate.Silo.Postgres;

namespace Lakegate.Durable.Tests.TestGrains;

public sealed class CounterGrain(
    [PersistentState("durable-tests-counter", PostgresSiloConfiguration.DeviceStorageName)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public async Task<int> IncrementAsync()
    {
        state.State.Value++;
        state.State.UpdatedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);
}
