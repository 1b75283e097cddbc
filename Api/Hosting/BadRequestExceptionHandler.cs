using Microsoft.AspNetCore.Diagnostics;

namespace Lakegate.Api.Hosting;

/// <summary>
/// A request Kestrel itself found broken (a body arriving too slowly, bad chunk framing, a body over the
/// server's limit) is answered with the status Kestrel chose, as a problem, not as a 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (code, title) = bad.StatusCode switch
        {
            StatusCodes.Status408RequestTimeout => ("request-timeout", "Request body too slow"),
            StatusCodes.Status413PayloadTooLarge => ("body-too-large", "Request body too large"),
            _ => ("bad-request", "Bad request"),
        };
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = title,
                Detail = bad.Message,
                Type = ProblemResults.TypeBase + code,
                Extensions = { ["code"] = code },
            },
        });
    }
}
