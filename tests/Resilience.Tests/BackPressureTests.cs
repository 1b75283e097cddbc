using System.Diagnostics;
using System.Net;
using Lakegate.Grains.Ingest;

namespace Lakegate.Resilience.Tests;

/// <summary>
/// With Databricks down, buffers fill up to the silo's byte budget and the per-device cap; then ingest answers
/// 503 (429 for one device over its share) with Retry-After instead of growing or dropping acknowledged
/// readings. When Databricks is back, the backlog drains and every acknowledged reading lands exactly once.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class BackPressureTests(ITestOutputHelper output)
{
    private const long BudgetBytes = 2 * 1024 * 1024;
    private const int PerDeviceCap = 300;
    private const int ReadingsPerRequest = 50;
    private const long MemoryGrowthBound = 64 * 1024 * 1024;

    [Fact]
    public async Task A_full_buffer_answers_503_and_429_with_retry_after_stays_within_budget_and_drains_exactly_once()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Delivery:SiloBufferBudgetBytes"] = BudgetBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Delivery:MaxRecordsPerRequest"] = "2000",
            ["Ingest:MaxUndeliveredReadingsPerDevice"] = PerDeviceCap.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var budget = gateway.Host.Services.GetRequiredService<IngestMemoryBudget>();
        Assert.Equal(BudgetBytes, budget.LimitBytes);
        var hog = (await gateway.ProvisionAsync(["hog"]))[0];
        var fleet = await gateway.ProvisionAsync("fleet", 60);
        gateway.Emulator.Faults.AppDown = true;
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        await using (var sampler = new BudgetSampler(budget))
        {
            // One device over its share is told to slow down: 429.
            var hogAnswers = new List<IngestAnswer>();
            while (hogAnswers.Count < 20 && (hogAnswers.Count == 0 || hogAnswers[^1].Accepted))
            {
                hogAnswers.Add(await gateway.PostReadingsAsync(hog, ReadingsPerRequest));
            }

            var refused = hogAnswers[^1];
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            Assert.True(refused.RetryAfter > TimeSpan.Zero, "429 without Retry-After");
            Assert.Equal(PerDeviceCap, gateway.Acknowledged.Of(hog).Count);

            // The fleet fills the silo's budget: 503. Devices keep trying after it, as real ones would.
            var answers = await gateway.IngestAsync(fleet, requestsPerDevice: 12, readingsPerRequest: ReadingsPerRequest, parallelism: 16);
            var busy = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToArray();
            Assert.NotEmpty(busy);
            Assert.All(busy, a => Assert.True(a.RetryAfter > TimeSpan.Zero, "503 without Retry-After"));
            Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests }));

            var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
            output.WriteLine(
                $"budget {BudgetBytes} B, peak used {sampler.PeakBytes} B over {sampler.Samples} samples; {gateway.Acknowledged.Count} readings acknowledged, " +
                $"{answers.Count(a => a.Accepted)} requests 202, {busy.Length} 503, {answers.Count(a => a.Status == HttpStatusCode.TooManyRequests)} 429; " +
                $"managed heap {memoryBefore / 1024 / 1024} MiB -> {memoryAfter / 1024 / 1024} MiB");
            Assert.InRange(sampler.PeakBytes, BudgetBytes * 8 / 10, BudgetBytes);
            Assert.True(memoryAfter - memoryBefore < MemoryGrowthBound, $"managed heap grew by {(memoryAfter - memoryBefore) / 1024 / 1024} MiB");
        }

        Assert.Equal(0, gateway.Emulator.State.RecordCount);
        var clock = Stopwatch.StartNew();
        gateway.Emulator.Faults.AppDown = false;
        await gateway.AssertEveryAcknowledgedReadingDeliveredOnceAsync(TimeSpan.FromSeconds(20));
        output.WriteLine($"backlog of {gateway.Acknowledged.Count} readings drained and confirmed in {clock.Elapsed.TotalSeconds:F1} s with {gateway.Emulator.State.BatchCount} batches stored");
        Assert.Equal(0, gateway.Emulator.State.DuplicateCount);
        await Eventually.True(() => budget.UsedBytes == 0, TimeSpan.FromSeconds(5), "the budget was not given back after delivery");
    }
}
