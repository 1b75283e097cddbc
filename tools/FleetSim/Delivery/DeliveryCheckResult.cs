namespace Lakegate.FleetSim.Delivery;

/// <summary>Outcome of the delivery check over the whole fleet.</summary>
/// <param name="Unsettled">Latest state of every device that did not settle in time.</param>
public sealed record DeliveryCheckResult(
    bool Passed,
    int DevicesSettled,
    int DevicesTotal,
    TimeSpan Elapsed,
    int Rounds,
    IReadOnlyList<DeviceDeliveryState> Unsettled);
