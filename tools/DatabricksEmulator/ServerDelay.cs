namespace Lakegate.DatabricksEmulator;

/// <summary>
/// An injected delay on the emulator's clock that ends early, without error, when the caller
/// disconnects or the server stops.
/// </summary>
internal static class ServerDelay
{
    /// <returns>False when the delay was cut short.</returns>
    public static async Task<bool> WaitAsync(HttpContext context, TimeProvider timeProvider, int milliseconds)
    {
        if (milliseconds <= 0)
        {
            return true;
        }

        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(milliseconds), timeProvider, cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
