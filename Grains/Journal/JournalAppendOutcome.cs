namespace Lakegate.Grains.Journal;

/// <summary>What became of one append to the reading journal.</summary>
public enum JournalAppendOutcome
{
    /// <summary>The records are committed.</summary>
    Appended,

    /// <summary>
    /// Nothing was written: the journal already holds a request of this device with the same Idempotency-Key
    /// (stored by another activation of the device, or by an earlier attempt whose answer was lost). The
    /// request as first stored is found with <see cref="IReadingJournal.ReadRememberedRequestAsync"/>.
    /// </summary>
    AlreadyStored,
}
