namespace Lakegate.Grains.Journal;

/// <summary>The journal could not commit: storage is down or overloaded. Ingest answers 503.</summary>
public sealed class JournalUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
