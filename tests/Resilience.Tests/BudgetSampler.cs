using Lakegate.Grains.Ingest;

namespace Lakegate.Resilience.Tests;

/// <summary>Reads the silo's memory budget over and over in the background and keeps the highest use seen.</summary>
internal sealed class BudgetSampler : IAsyncDisposable
{
    private readonly IngestMemoryBudget _budget;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;
    private long _samples;

    public BudgetSampler(IngestMemoryBudget budget)
    {
        _budget = budget;
        _sampling = Task.Run(SampleAsync);
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    public long Samples => Interlocked.Read(ref _samples);

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            for (var i = 0; i < 1000; i++)
            {
                var used = _budget.UsedBytes;
                if (used > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, used);
                }

                Interlocked.Increment(ref _samples);
            }

            await Task.Yield();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
