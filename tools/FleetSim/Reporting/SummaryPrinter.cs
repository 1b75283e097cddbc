using System.Globalization;
using System.Text;

namespace Lakegate.FleetSim.Reporting;

/// <summary>Renders the run summary as the human-readable block printed at the end of a run.</summary>
public static class SummaryPrinter
{
    public static string Render(RunSummary s)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"Run {s.RunId}: {s.Devices:N0} devices ({s.DevicePrefix}1..{s.Devices}), dataset {s.Dataset} ({s.SourceStreams} source streams), concurrency {s.Concurrency}, batch {s.BatchSize}, rate {(s.RateLimit > 0 ? s.RateLimit.ToString("N0", CultureInfo.InvariantCulture) + " req/s" : "unlimited")}");
        Line($"Requests sent       {s.RequestsSent:N0} ({s.Retries:N0} retries) in {s.SendSeconds:F2} s = {s.RequestsPerSecond:N1} req/s");
        Line($"Requests accepted   {s.RequestsAccepted:N0}, failed {s.FailedRequests:N0}");
        Line($"Readings sent       {s.ReadingsSent:N0}, accepted {s.ReadingsAccepted:N0}, failed {s.FailedReadings:N0} = {s.ReadingsPerSecond:N1} readings/s");
        var l = s.LatencyMs;
        Line($"Latency (ms)        p50 {l.P50:F2}  p90 {l.P90:F2}  p99 {l.P99:F2}  p99.9 {l.P999:F2}  max {l.Max:F2}  ({l.Count:N0} answers)");
        Line($"Status codes        {(s.StatusCounts.Count == 0 ? "none" : string.Join("  ", s.StatusCounts.Select(kv => $"{kv.Key}: {kv.Value:N0}")))}");

        if (s.Emulator is { } e)
        {
            Line($"Emulator            App requests {e.AppRequests:N0}, records {e.Records:N0}, duplicates {e.Duplicates:N0}, token grants {e.TokenGrants:N0} (batches {e.Batches:N0}, token requests {e.TokenRequests:N0}, devices {e.Devices:N0})");
        }
        else if (s.EmulatorError is { } error)
        {
            Line($"Emulator            statistics unavailable: {error}");
        }

        var d = s.Delivery;
        Line(d.Passed
            ? (FormattableString)$"Delivery check      PASS: {d.DevicesSettled:N0}/{d.DevicesTotal:N0} devices have accepted == delivered == readings accepted in this run ({d.ElapsedSeconds:F1} s, {Rounds(d.Rounds)})"
            : (FormattableString)$"Delivery check      FAIL: {d.FailureReason} ({d.DevicesSettled:N0}/{d.DevicesTotal:N0} devices settled after {d.ElapsedSeconds:F1} s, {Rounds(d.Rounds)})");
        foreach (var device in d.UnsettledSample)
        {
            Line($"  {device}");
        }

        return text.ToString();
    }

    private static string Rounds(int rounds) => rounds == 1 ? "1 polling round" : $"{rounds} polling rounds";
}
