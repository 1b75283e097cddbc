namespace Lakegate.Grains.Delivery;

/// <summary>
/// One MERGE statement carrying the records <c>[FirstRecord, FirstRecord + RecordCount)</c> of a batch
/// (duplicates within the batch left out), every value a named parameter.
/// </summary>
public sealed record SqlMergeStatement(string Statement, IReadOnlyList<SqlParameter> Parameters, int FirstRecord, int RecordCount);
