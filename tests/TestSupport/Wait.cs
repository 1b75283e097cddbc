namespace Lakegate.Tests.Support;

/// <summary>Waits for a condition with a deadline instead of sleeping.</summary>
public static class Wait
{
    public static async Task Until(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met before the deadline");
            }

            await Task.Delay(50);
        }
    }
}
