using Microsoft.AspNetCore.Http;

namespace Lakegate.Api.Hosting;

/// <summary>
/// Gives the problems ASP.NET Core writes itself (an unknown route, a wrong method, a body type an endpoint
/// does not accept) the same stable <c>code</c> and <c>type</c> as Lakegate's own, so clients branch on one field.
/// </summary>
public static class FrameworkProblemCodes
{
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code") || CodeFor(problem.Status) is not { } code)
        {
            return;
        }

        problem.Extensions["code"] = code;
        problem.Type = ProblemResults.TypeBase + code;
    }

    public static string? CodeFor(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad-request",
        StatusCodes.Status404NotFound => "not-found",
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status413PayloadTooLarge => "body-too-large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        _ => null,
    };
}
