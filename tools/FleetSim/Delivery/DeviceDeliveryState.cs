namespace Lakegate.FleetSim.Delivery;

/// <summary>The last thing the delivery check learnt about one device.</summary>
/// <param name="Expected">The <c>accepted</c> count the gateway should report: baseline plus this run's 202s.</param>
/// <param name="Accepted">The gateway's <c>accepted</c>, or null when it could not be read.</param>
/// <param name="Delivered">The gateway's <c>delivered</c>, or null when it could not be read.</param>
/// <param name="Problem">Why the device could not be read, if it could not.</param>
public sealed record DeviceDeliveryState(
    string DeviceId,
    long Expected,
    long? Accepted,
    long? Delivered,
    long? Buffered,
    string? Problem)
{
    /// <summary>Everything this run had accepted has been delivered, and nothing more or less was accepted.</summary>
    public bool IsSettled => Problem is null && Accepted == Delivered && Accepted == Expected;

    public string Describe() => Problem is { } problem
        ? $"{DeviceId}: {problem}"
        : $"{DeviceId}: expected {Expected}, accepted {Accepted}, delivered {Delivered}, buffered {Buffered}";
}
