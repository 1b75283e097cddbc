using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakegate.DatabricksEmulator;

/// <summary>The two JSON conventions the emulator speaks.</summary>
internal static class EmulatorJson
{
    /// <summary>Databricks' own wire format: snake_case names, absent values left out.</summary>
    public static readonly JsonSerializerOptions Databricks = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The emulator's own inspection endpoints: camelCase.</summary>
    public static readonly JsonSerializerOptions Inspection = new(JsonSerializerDefaults.Web);
}
