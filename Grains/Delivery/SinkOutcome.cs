namespace Lakegate.Grains.Delivery;

public enum SinkOutcome
{
    /// <summary>Databricks has the records.</summary>
    Delivered,
    /// <summary>Transient: try the same batch again later.</summary>
    RetryLater,
    /// <summary>The request was too large: split it and send the halves.</summary>
    TooLarge,
    /// <summary>Databricks refused some records as invalid: park them, send the rest.</summary>
    InvalidRecords,
}
