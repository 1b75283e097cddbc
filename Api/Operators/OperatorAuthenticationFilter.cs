using Lakegate.Api.Hosting;

namespace Lakegate.Api.Operators;

/// <summary>Every /v1/admin endpoint needs <c>Authorization: Bearer &lt;operator key&gt;</c>.</summary>
public sealed class OperatorAuthenticationFilter(OperatorKeyRing keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var authorization = context.HttpContext.Request.Headers.Authorization.ToString();
        var presented = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
        if (!keys.Matches(presented))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"lakegate-operators\"";
            return ProblemResults.Problem(401, "operator-unauthorized", "Unauthorized", "A valid operator key is required.");
        }

        return await next(context);
    }
}
