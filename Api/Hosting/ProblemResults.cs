namespace Lakegate.Api.Hosting;

/// <summary>RFC 9457 problem details with a stable <c>code</c> (and a <c>type</c> built from it) that programs can branch on.</summary>
public static class ProblemResults
{
    public const string TypeBase = "https://lakegate.dev/problems/";

    public static IResult Problem(int status, string code, string title, string? detail = null, int? retryAfterSeconds = null, HttpContext? context = null)
    {
        if (retryAfterSeconds is { } seconds && context is not null)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Problem(
            statusCode: status,
            title: title,
            detail: detail,
            type: TypeBase + code,
            extensions: new Dictionary<string, object?> { ["code"] = code });
    }
}
