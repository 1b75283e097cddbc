using System.Diagnostics;
using System.Globalization;

namespace Lakegate.FleetSim.Load;

/// <summary>Writes one line of sending progress per interval: requests, readings accepted, errors, current rate.</summary>
public sealed class ProgressReporter(LoadCounters counters, TextWriter output, TimeSpan interval)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        var started = Stopwatch.GetTimestamp();
        var lastTime = started;
        var lastRequests = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = Stopwatch.GetTimestamp();
                var requests = counters.RequestsSent;
                var seconds = Stopwatch.GetElapsedTime(lastTime, now).TotalSeconds;
                var rate = seconds > 0 ? (requests - lastRequests) / seconds : 0;
                lastTime = now;
                lastRequests = requests;
                await output.WriteLineAsync(Format(Stopwatch.GetElapsedTime(started, now), requests, rate));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string Format(TimeSpan elapsed, long requests, double rate) => string.Create(
        CultureInfo.InvariantCulture,
        $"[{elapsed.TotalSeconds,5:F0}s] sent {requests:N0} req (retries {counters.Retries:N0}), " +
        $"readings sent {counters.ReadingsSent:N0} accepted {counters.ReadingsAccepted:N0}, " +
        $"errors {counters.FailedRequests:N0}, {rate:N0} req/s");
}
