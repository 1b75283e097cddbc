namespace Lakegate.Telemetry.Tests;

/// <summary>Runs <see cref="SpanRecordingTests"/> with no other test class alongside.</summary>
[CollectionDefinition(SpanRecordingTests.Alone, DisableParallelization = true)]
public sealed class SpanRecordingCollection;
