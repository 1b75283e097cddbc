using System.Text;

namespace Lakegate.Chaos.Tests;

/// <summary>What a chaos run did and found, as printed at its end (and quoted in release notes).</summary>
public sealed record ChaosReport(
    string Scenario,
    int Seed,
    string Profile,
    int Devices,
    TimeSpan FaultPhase,
    long RequestsAcknowledged,
    long ReadingsAcknowledged,
    long RecordsDelivered,
    long DuplicatesRemoved,
    long IdempotentReplays,
    int ReplacementSilos,
    IReadOnlyDictionary<FaultKind, int> Faults,
    IReadOnlyDictionary<string, long> Answers,
    IReadOnlyCollection<string> FaultErrors,
    IReadOnlyList<string> Violations)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"chaos {Scenario}: seed {Seed} (replay with {ChaosProfile.SeedVariable}={Seed}), profile {Profile}, {Devices} devices, faults for {FaultPhase.TotalSeconds:0} s");
        text.AppendLine($"  acknowledged: {RequestsAcknowledged} requests, {ReadingsAcknowledged} readings; delivered: {RecordsDelivered} records; duplicates removed by (device_id, seq): {DuplicatesRemoved}; idempotent replays answered: {IdempotentReplays}");
        text.AppendLine($"  faults injected: {string.Join(", ", Faults.Select(f => $"{f.Key} {f.Value}"))}; replacement silos started: {ReplacementSilos}");
        text.AppendLine($"  answers: {string.Join(", ", Answers.Select(a => $"{a.Key} {a.Value}"))}");
        foreach (var error in FaultErrors)
        {
            text.AppendLine($"  fault not injected: {error}");
        }

        text.AppendLine(Violations.Count == 0 ? "  invariants: all hold" : $"  VIOLATIONS ({Violations.Count}):");
        foreach (var violation in Violations.Take(50))
        {
            text.AppendLine($"    {violation}");
        }

        return text.ToString();
    }

    /// <summary>Writes the report next to the test assembly (chaos-reports/), so that a run's figures outlive its console.</summary>
    public string Save()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "chaos-reports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Scenario}-{Seed}.txt");
        File.WriteAllText(path, ToString());
        return path;
    }
}
