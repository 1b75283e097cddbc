namespace Lakegate.Grains.Interfaces;

/// <summary>
/// A grain could not reach its storage (PostgreSQL down or failing over, the journal unable to commit). It crosses
/// the wire to any cluster client, where the storage driver's own exceptions could not, and is answered 503.
/// </summary>
[GenerateSerializer, Alias("Lakegate.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException() { }

    public StorageUnavailableException(string message) : base(message) { }

    public StorageUnavailableException(string message, Exception inner) : base(message, inner) { }
}
