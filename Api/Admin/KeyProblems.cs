using Lakegate.Api.Hosting;

namespace Lakegate.Api.Admin;

/// <summary>The problems of a bad key lifetime or grace period, alike wherever the value came from.</summary>
public static class KeyProblems
{
    public static IResult InvalidKeyLifetime(string field = "keyLifetimeDays") =>
        ProblemResults.Problem(400, "invalid-key-lifetime", "Invalid key lifetime",
            $"{field} must be a JSON whole number of days from 1 to {int.MaxValue}; lifetimes over the policy maximum are capped to it.");

    public static IResult InvalidGracePeriod(string field = "revokeOtherKeysAfterSeconds") =>
        ProblemResults.Problem(400, "invalid-grace-period", "Invalid grace period",
            $"{field} must be 0 (now) or a JSON whole number of seconds up to {int.MaxValue}.");
}
