using System.Text.Json;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// What a statement answer says: {"statement_id", "status": {"state", "error": {"error_code", "message"}}}.
/// States: PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED, CLOSED (succeeded, result closed).
/// </summary>
public sealed record SqlStatementStatus(string? StatementId, string State, string? ErrorCode, string? ErrorMessage)
{
    public bool IsInProgress => State is "PENDING" or "RUNNING";

    public bool IsSucceeded => State is "SUCCEEDED" or "CLOSED";

    public bool IsFailed => State == "FAILED";

    /// <summary>The answer's status, or null when the body is not a statement answer.</summary>
    public static SqlStatementStatus? Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("status", out var status)
                || status.ValueKind != JsonValueKind.Object
                || !status.TryGetProperty("state", out var state)
                || state.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            string? code = null;
            string? message = null;
            if (status.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                code = Text(error, "error_code");
                message = Text(error, "message");
            }

            return new SqlStatementStatus(Text(root, "statement_id"), state.GetString()!.ToUpperInvariant(), code, message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
