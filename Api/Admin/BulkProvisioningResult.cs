namespace Lakegate.Api.Admin;

public sealed record BulkProvisioningResult(int Created, int Existing, IReadOnlyList<BulkDeviceResult> Results);
