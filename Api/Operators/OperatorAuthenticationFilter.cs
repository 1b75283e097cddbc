using Lakegate.Api.Hosting;
using Lakegate.Api.RateLimiting;

namespace Lakegate.Api.Operators;

/// <summary>
/// Every /v1/admin endpoint needs <c>Authorization: Bearer &lt;operator key&gt;</c>: a reader key for
/// GET, an admin key for everything else. A client address that presents wrong operator keys too often
/// is refused for the rest of the minute (its own count, apart from the device endpoint's), so operator
/// keys cannot be guessed at speed.
/// </summary>
public sealed class OperatorAuthenticationFilter(
    OperatorKeyRing keys,
    [FromKeyedServices(OperatorAuthenticationFilter.FailuresKey)] FailedAuthenticationLimiter failures) : IEndpointFilter
{
    /// <summary>Service key of the failed-authentication limiter of the operator endpoints.</summary>
    public const string FailuresKey = "operators";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var client = FailedAuthenticationLimiter.ClientOf(http);
        if (failures.IsBlocked(client))
        {
            return ProblemResults.Problem(429, "too-many-failed-authentications", "Too many failed authentications",
                "This client has presented wrong operator keys too often; retry later.", 60, http);
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        var presented = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
        var role = keys.RoleOf(presented);
        if (role is null)
        {
            failures.RecordFailure(client);
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"lakegate-operators\"";
            return ProblemResults.Problem(401, "operator-unauthorized", "Unauthorized", "A valid operator key is required.");
        }

        var readOnly = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        if (role != OperatorRole.Admin && !readOnly)
        {
            return ProblemResults.Problem(403, "operator-forbidden", "Forbidden", "This operator key may only read; changes need an admin key.");
        }

        return await next(context);
    }
}
