using System.Globalization;
using System.Threading.RateLimiting;
using Lakegate.Api.Hosting;
using Lakegate.Api.Ingest;
using Lakegate.Grains.Credentials;
using Lakegate.Grains.Telemetry;
using Microsoft.AspNetCore.RateLimiting;

namespace Lakegate.Api.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter: a token bucket per device and presented key id, 429 with Retry-After. Keyed by
/// the key id too, so that nobody without the device's key can spend the device's requests: a flood with no key,
/// a malformed one or another key id never touches the bucket the device's own requests use (those floods are
/// answered 401 without waking a grain, and the failed-authentication limit per client stops them).
/// </summary>
public static class DeviceRateLimiting
{
    public const string PolicyName = "device";

    public static IServiceCollection AddDeviceRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(new FailedAuthenticationLimiter(options.FailedAuthenticationsPerMinute));
        services.AddKeyedSingleton(Operators.OperatorAuthenticationFilter.FailuresKey, new FailedAuthenticationLimiter(options.FailedAuthenticationsPerMinute));
        // One options object and one factory for every device's bucket, not a new delegate per request.
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.DeviceBurst),
            TokensPerPeriod = Math.Max(1, options.DeviceRequestsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        Func<string, TokenBucketRateLimiterOptions> bucketFor = _ => bucket;
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context =>
            {
                var deviceId = context.Request.RouteValues["deviceId"] as string ?? string.Empty;
                if (DeviceCredentialHeader.Read(context.Request) is not { } key)
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var partition = string.Concat(deviceId, "/", DeviceKeyFormat.KeyIdOf(key));
                return RateLimitPartition.GetTokenBucketLimiter(partition, bucketFor);
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                var http = context.HttpContext;
                http.RequestServices.GetRequiredService<LakegateMetrics>().RequestRejected(RejectionReason.RateLimited);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var problem = ProblemResults.Problem(429, "rate-limited", "Too many requests", "This device is over its rate limit; retry later.");
                await problem.ExecuteAsync(http);
            };
        });
        return services;
    }
}
