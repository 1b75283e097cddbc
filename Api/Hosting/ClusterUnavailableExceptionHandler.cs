using Lakegate.Grains.Interfaces;
using Lakegate.Grains.Journal;
using Microsoft.AspNetCore.Diagnostics;

namespace Lakegate.Api.Hosting;

/// <summary>
/// The cluster or its storage being unreachable is a 503 with Retry-After, not a 500: silos restart,
/// PostgreSQL fails over, and the caller should simply try again.
/// </summary>
public sealed class ClusterUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public static bool IsUnavailability(Exception exception) => exception switch
    {
        OrleansException or TimeoutException or JournalUnavailableException or StorageUnavailableException or TokenUnavailableException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailability),
        _ => exception.GetType().Namespace?.StartsWith("Npgsql", StringComparison.Ordinal) == true
             || exception.InnerException is { } inner && IsUnavailability(inner),
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailability(exception))
        {
            return false;
        }

        logger.LogWarning("{Path} answered 503, the cluster or its storage is unavailable: {Error}", httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Gateway unavailable",
                Detail = "The cluster or its storage cannot be reached right now; retry later.",
                Type = ProblemResults.TypeBase + "gateway-unavailable",
                Extensions = { ["code"] = "gateway-unavailable" },
            },
        });
    }
}
