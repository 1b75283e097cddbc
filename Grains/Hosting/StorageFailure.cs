using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Journal;

namespace Lakegate.Grains.Hosting;

/// <summary>Which exceptions mean "storage is unreachable right now" (anywhere in the chain of inner exceptions).</summary>
public static class StorageFailure
{
    public static bool Is(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is JournalUnavailableException
                || current.GetType().Namespace?.StartsWith("Npgsql", StringComparison.Ordinal) == true)
            {
                return true;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(Is))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The serializable stand-in a cluster client receives; names the cause's type and message only.</summary>
    public static StorageUnavailableException Translate(Exception exception) =>
        new($"Storage is unavailable: {exception.GetType().Name}: {exception.Message}");
}
