using System.Text.Json;

namespace Lakegate.Grains.Databricks;

/// <summary>Reads Databricks' error bodies: {"error_code": 403, "message": "Invalid access token."}.</summary>
public static class DatabricksErrors
{
    /// <summary>True when a 403 is about the token (invalid, expired, about to expire), not about permissions.</summary>
    public static bool IsTokenRejection(string body)
    {
        var message = Message(body);
        return message.Contains("Invalid access token", StringComparison.OrdinalIgnoreCase)
            || message.Contains("JWT has expired", StringComparison.OrdinalIgnoreCase)
            || message.Contains("Token is expiring", StringComparison.OrdinalIgnoreCase)
            || message.Contains("token has expired", StringComparison.OrdinalIgnoreCase);
    }

    public static string Message(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString() ?? string.Empty;
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 200 ? body[..200] : body;
    }
}
