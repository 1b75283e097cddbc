using Lakegate.Grains.Databricks;

namespace Lakegate.Unit.Tests;

/// <summary>A token source for logic tests: counts grants, can be held open or made to fail.</summary>
internal sealed class CountingTokenSource(TimeProvider time, TimeSpan lifetime) : ITokenSource
{
    private int _requests;
    private TaskCompletionSource? _gate;

    public string Mode => "oauth";

    public int Requests => Volatile.Read(ref _requests);

    public bool Fail { get; set; }

    /// <summary>Makes requests wait until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate?.TrySetResult();

    public async Task<OAuthToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _requests);
        if (_gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Fail)
        {
            throw new TokenRequestException("token endpoint answered 503");
        }

        var now = time.GetUtcNow();
        return new OAuthToken($"token-{n}", now, now + lifetime);
    }
}
