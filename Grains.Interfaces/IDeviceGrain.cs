namespace Lakegate.Grains.Interfaces;

/// <summary>
/// One device: the single authority for its credentials, its sequence numbers and its ingest buffer.
/// Keyed by the device id.
/// </summary>
[Alias("Lakegate.IDeviceGrain")]
public interface IDeviceGrain : IGrainWithStringKey
{
    /// <summary>Authenticates the presented key and, when it is valid, accepts the readings.</summary>
    [Alias("Ingest")]
    Task<IngestResult> Ingest(IngestRequest request);

    /// <summary>Creates the device with a first key; the key is returned only here.</summary>
    [Alias("Provision")]
    Task<ProvisionResult> Provision(ProvisionRequest request);

    /// <summary>The device's state for operators, or null when the device does not exist. Never a secret.</summary>
    [Alias("GetSnapshot")]
    Task<DeviceSnapshot?> GetSnapshot();

    /// <summary>Called by the delivery pipeline once readings of this device have landed in the sink.</summary>
    [Alias("ConfirmDelivered")]
    Task ConfirmDelivered(DeliveryReceipt receipt);

    /// <summary>Makes sure the device's undelivered journal rows are on their way (wakes the grain; a live one has nothing to do).</summary>
    [Alias("Recover")]
    Task Recover();

    /// <summary>Issues another key (rotation); the device may hold two active keys at once.</summary>
    [Alias("AddKey")]
    Task<KeyIssueResult> AddKey(AddKeyRequest request);

    /// <summary>Revokes a key from the next request on; false when the device or key is unknown.</summary>
    [Alias("RevokeKey")]
    Task<bool> RevokeKey(string keyId);

    /// <summary>Disables or enables the device from the next request on; false when the device is unknown.</summary>
    [Alias("SetEnabled")]
    Task<bool> SetEnabled(bool enabled);

    /// <summary>Sends the device's dead letters (readings Databricks refused) again; returns how many.</summary>
    [Alias("ReplayDeadLetters")]
    Task<int> ReplayDeadLetters();
}
