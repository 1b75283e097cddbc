using System.Diagnostics;
using Lakegate.Durable.Tests.Infrastructure;
using Lakegate.Grains.Journal;

namespace Lakegate.Durable.Tests;

/// <summary>The journal against a server that goes away and comes back: this class has a throwaway server of its own.</summary>
public sealed class JournalOutageTests : IAsyncLifetime
{
    private PostgresServer? server;

    private PostgresServer Server => server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync() => server = await PostgresServer.StartThrowawayAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [ThrowawayPostgresFact(Timeout = 120_000)]
    public async Task While_the_server_is_down_appends_fail_within_the_timeout_and_after_a_restart_they_succeed()
    {
        await using var database = await LakegateDatabase.CreateAsync(Server);
        await using var journal = database.CreateJournal(o => o.RoundTripTimeout = TimeSpan.FromSeconds(3));
        await journal.AppendAsync(Readings.Batch("before", 1, 3));

        await Server.StopAsync();
        var elapsed = Stopwatch.StartNew();
        var failures = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Assert.ThrowsAsync<JournalUnavailableException>(async () => await journal.AppendAsync(Readings.Batch($"down-{i}", 1, 2)))));
        var failedAfter = elapsed.Elapsed;
        await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.ReadDeviceAsync("before"));
        await Assert.ThrowsAsync<JournalUnavailableException>(async () => await journal.RemoveAsync(Readings.Batch("before", 1, 3)));

        Assert.True(failedAfter < TimeSpan.FromSeconds(8), $"failing took {failedAfter}");
        Assert.All(failures, f => Assert.NotNull(f.InnerException));
        Assert.True(journal.AppendStatistics.FailedRounds >= 1);

        await Server.StartAsync();
        await journal.AppendAsync(Readings.Batch("after", 1, 3));

        Assert.Equal(3, (await journal.ReadDeviceAsync("after")).Count);
        Assert.Equal(6, await database.CountRowsAsync());
        Assert.Equal(0, await database.CountRowsAsync("SELECT count(*) FROM lakegate_journal WHERE device_id LIKE 'down-%'"));
    }
}
