namespace Lakegate.Resilience.Tests;

/// <summary>The answer of <c>POST /v1/admin/devices/bulk</c>.</summary>
internal sealed record BulkProvisioningAnswer(int Created, int Existing, IReadOnlyList<BulkProvisionedDevice> Results);
