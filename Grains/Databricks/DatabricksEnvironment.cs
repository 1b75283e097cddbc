using Microsoft.Extensions.Configuration;

namespace Lakegate.Grains.Databricks;

/// <summary>Fills <see cref="DatabricksOptions"/> from the variables the Databricks SDKs use, where the section leaves a gap.</summary>
public static class DatabricksEnvironment
{
    public static void Apply(DatabricksOptions options, IConfiguration configuration)
    {
        options.Host ??= NonEmpty(configuration["DATABRICKS_HOST"]);
        options.ClientId ??= NonEmpty(configuration["DATABRICKS_CLIENT_ID"]);
        options.ClientSecret ??= NonEmpty(configuration["DATABRICKS_CLIENT_SECRET"]);
        options.Token ??= NonEmpty(configuration["DATABRICKS_TOKEN"]);
        options.AppUrl ??= NonEmpty(configuration["DATABRICKS_APP_URL"]);
        options.AccountId ??= NonEmpty(configuration["DATABRICKS_ACCOUNT_ID"]);
    }

    /// <summary>True when a real (or explicitly configured) workspace is named.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        NonEmpty(configuration["DATABRICKS_HOST"]) is not null || NonEmpty(configuration[$"{DatabricksOptions.SectionName}:Host"]) is not null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
