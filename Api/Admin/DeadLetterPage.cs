namespace Lakegate.Api.Admin;

/// <summary>The answer of GET /v1/admin/dead-letters.</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterItem> Items);
