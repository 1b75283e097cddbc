namespace Lakegate.FleetSim.Reporting;

/// <summary>The delivery check's outcome as it appears in the run summary.</summary>
/// <param name="UnsettledSample">Up to ten devices that did not settle, described.</param>
public sealed record DeliverySummary(
    bool Passed,
    int DevicesSettled,
    int DevicesTotal,
    double ElapsedSeconds,
    int Rounds,
    string? FailureReason,
    IReadOnlyList<string> UnsettledSample);
