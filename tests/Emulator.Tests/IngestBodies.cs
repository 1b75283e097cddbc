using System.Text.Json;

namespace Lakegate.DatabricksEmulator.Tests;

/// <summary>App ingest request bodies in the wire shape the gateway sends.</summary>
internal static class IngestBodies
{
    public static object Record(string deviceId, long seq, object? payload = null) => new Dictionary<string, object>
    {
        ["device_id"] = deviceId,
        ["seq"] = seq,
        ["event_time"] = "2025-03-01T10:00:00.125Z",
        ["received_at"] = "2025-03-01T10:00:01+01:00",
        ["payload"] = payload ?? new { temperature = 21.5, seq },
    };

    public static string Batch(string batchId, params object[] records) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["batch_id"] = batchId, ["records"] = records });

    public static string Batch(string batchId, string deviceId, IEnumerable<long> seqs) =>
        Batch(batchId, seqs.Select(seq => Record(deviceId, seq)).ToArray());
}
