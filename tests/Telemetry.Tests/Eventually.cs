namespace Lakegate.Telemetry.Tests;

/// <summary>Waits for a condition with a deadline instead of sleeping.</summary>
public static class Eventually
{
    public static async Task True(Func<Task<bool>> condition, TimeSpan? within = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(because ?? "condition not met before the deadline");
            }

            await Task.Delay(25);
        }
    }

    public static Task True(Func<bool> condition, TimeSpan? within = null, string? because = null) =>
        True(() => Task.FromResult(condition()), within, because);
}
