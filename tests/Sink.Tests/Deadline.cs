namespace Lakegate.Sink.Tests;

/// <summary>Waits for a condition with a deadline instead of sleeping for a guessed time.</summary>
public static class Deadline
{
    public static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan within, string because)
    {
        var giveUpAt = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUpAt)
            {
                throw new TimeoutException(because);
            }

            await Task.Delay(25);
        }
    }
}
