using Lakegate.Grains.Hosting;
using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Journal;
using Npgsql;

namespace Lakegate.Unit.Tests;

public sealed class StorageFailureTests
{
    [Fact]
    public void Driver_and_journal_failures_count_as_storage_failures_however_deeply_wrapped()
    {
        Assert.True(StorageFailure.Is(new NpgsqlException("connection refused")));
        Assert.True(StorageFailure.Is(new JournalUnavailableException("journal down")));
        Assert.True(StorageFailure.Is(new InvalidOperationException("storage write failed", new NpgsqlException("57P01: terminating connection"))));
        Assert.True(StorageFailure.Is(new AggregateException(new TimeoutException(), new NpgsqlException("x"))));
    }

    [Fact]
    public void Other_failures_are_left_alone()
    {
        Assert.False(StorageFailure.Is(new InvalidOperationException("a bug")));
        Assert.False(StorageFailure.Is(new ArgumentException("bad", new FormatException())));
    }

    [Fact]
    public void The_stand_in_names_the_cause_and_carries_no_driver_type()
    {
        var translated = StorageFailure.Translate(new NpgsqlException("connection refused"));
        Assert.IsType<StorageUnavailableException>(translated);
        Assert.Contains("NpgsqlException: connection refused", translated.Message);
        Assert.Null(translated.InnerException);
    }
}
