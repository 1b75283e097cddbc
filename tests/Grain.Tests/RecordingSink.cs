using System.Collections.Concurrent;
using Lakegate.Grains.Delivery;
using Lakegate.Grains.Ingest;

namespace Lakegate.Grain.Tests;

/// <summary>A sink double for grain tests: records what it is sent; can be held closed or made to fail.</summary>
public sealed class RecordingSink : ITelemetrySink
{
    private readonly ConcurrentQueue<SinkBatch> _batches = new();
    private volatile TaskCompletionSource _open = Opened();

    public bool Failing { get; set; }

    public IReadOnlyList<SinkBatch> Batches => _batches.ToArray();

    public IReadOnlyList<TelemetryRecord> Records(string deviceId) =>
        _batches.SelectMany(b => b.Records).Where(r => r.DeviceId == deviceId).OrderBy(r => r.Seq).ToArray();

    public void Hold() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _open.TrySetResult();

    public async Task<SinkResult> SendAsync(SinkBatch batch, CancellationToken cancellationToken)
    {
        await _open.Task.WaitAsync(cancellationToken);
        if (Failing)
        {
            return SinkResult.Retry("sink failing", TimeSpan.FromMilliseconds(50));
        }

        _batches.Enqueue(batch);
        return SinkResult.Delivered;
    }

    private static TaskCompletionSource Opened()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
