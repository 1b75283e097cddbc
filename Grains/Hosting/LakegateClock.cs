namespace Lakegate.Grains.Hosting;

/// <summary>
/// The clock that judges key expiry and device time, registered as a keyed <see cref="TimeProvider"/>
/// so tests can move it without moving the clock of the Orleans runtime itself.
/// </summary>
public static class LakegateClock
{
    public const string ServiceKey = "lakegate";
}
