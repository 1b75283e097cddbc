using Lakegate.Grains.Audit;

namespace Lakegate.Api.Admin;

/// <summary>The answer of GET /v1/admin/audit: credential events, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items);
