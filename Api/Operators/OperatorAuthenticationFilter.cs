using Lakegate.Api.Hosting;

namespace Lakegate.Api.Operators;

/// <summary>
/// Every /v1/admin endpoint needs <c>Authorization: Bearer &lt;operator key&gt;</c>: a reader key for
/// GET, an admin key for everything else.
/// </summary>
public sealed class OperatorAuthenticationFilter(OperatorKeyRing keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authorization = http.Request.Headers.Authorization.ToString();
        var presented = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
        var role = keys.RoleOf(presented);
        if (role is null)
        {
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
