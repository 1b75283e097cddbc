namespace Lakegate.Silo;

/// <summary>Lets a cluster client wait for silos at start (they may start after it), up to a deadline.</summary>
public sealed class ClusterConnectionRetry(TimeSpan connectFor)
{
    private readonly DateTime _deadline = DateTime.UtcNow + connectFor;

    public async Task<bool> ShouldRetryAsync(Exception exception, CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow > _deadline)
        {
            return false;
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }
}
