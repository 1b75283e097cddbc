using Lakegate.Grains.Databricks;

namespace Lakegate.Grain.Tests;

/// <summary>Grants hour-long tokens, and can hold grants open.</summary>
public sealed class GatedTokenSource : ITokenSource
{
    private int _grants;
    private volatile TaskCompletionSource _gate = Open();

    public string Mode => "oauth";

    public int Grants => Volatile.Read(ref _grants);

    public int Waiting { get; private set; }

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async Task<OAuthToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        Waiting++;
        await _gate.Task.WaitAsync(cancellationToken);
        var n = Interlocked.Increment(ref _grants);
        var now = DateTimeOffset.UtcNow;
        return new OAuthToken($"grain-token-{n}", now, now.AddHours(1));
    }

    private static TaskCompletionSource Open()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
