using Microsoft.Extensions.Configuration;

namespace Lakegate.Grains.Delivery;

/// <summary>Which sink writes to Databricks: "Databricks:Sink" = <c>app</c> (default) or <c>sql</c>.</summary>
public static class TelemetrySinkSelection
{
    public const string ConfigurationKey = "Databricks:Sink";
    public const string App = "app";
    public const string Sql = "sql";

    public static bool UsesSql(IConfiguration configuration)
    {
        var value = configuration[ConfigurationKey]?.Trim();
        if (string.IsNullOrEmpty(value) || string.Equals(value, App, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return string.Equals(value, Sql, StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new InvalidOperationException($"{ConfigurationKey} must be '{App}' or '{Sql}'.");
    }
}
