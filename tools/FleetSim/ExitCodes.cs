namespace Lakegate.FleetSim;

/// <summary>The process exit codes of a simulator run.</summary>
public static class ExitCodes
{
    /// <summary>Every device's readings of this run were accepted and delivered.</summary>
    public const int DeliveryCheckPassed = 0;

    /// <summary>Some device did not reach accepted == delivered == readings accepted in this run in time.</summary>
    public const int DeliveryCheckFailed = 1;

    /// <summary>Bad options, missing data, or the fleet could not be provisioned.</summary>
    public const int UsageOrProvisioningError = 2;
}
