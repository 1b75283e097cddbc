namespace Lakegate.Resilience.Tests;

/// <summary>What the concurrent callers of one instant got from the token cache.</summary>
/// <param name="At">The (fake) instant they asked.</param>
/// <param name="Served">Callers that got a token.</param>
/// <param name="Waited">Callers whose call did not complete at once (they waited for a refresh).</param>
/// <param name="Unavailable">Callers told there is no usable token (TokenUnavailableException).</param>
/// <param name="UnusableServed">Callers that got a token Databricks would refuse at that instant.</param>
/// <param name="TokenRequests">Requests the token endpoint saw because of these callers.</param>
internal sealed record FlusherStep(DateTimeOffset At, int Served, int Waited, int Unavailable, int UnusableServed, int TokenRequests);
