namespace Lakegate.Resilience.Tests;

/// <summary>Waits for a condition with a deadline (in real time) instead of sleeping.</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, TimeSpan within, string because) =>
        await True(() => Task.FromResult(condition()), within, because);

    public static async Task True(Func<Task<bool>> condition, TimeSpan within, string because)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {within}: {because}");
            }

            await Task.Delay(10);
        }
    }
}
