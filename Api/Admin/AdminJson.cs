using System.Text.Json;
using System.Text.Json.Serialization;
using Lakegate.Api.Hosting;

namespace Lakegate.Api.Admin;

/// <summary>
/// Reads an operator request body. Every failure is a 400 problem that names the JSON field or position at
/// fault and never a .NET type; numbers must be JSON numbers (<c>"30"</c> is refused), and a lifetime or grace
/// period that is no valid whole number answers the same code as any other invalid value of that field.
/// </summary>
public static class AdminJson
{
    /// <summary>camelCase, case-insensitive names (the web defaults), but numbers only as JSON numbers.</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    private const int MaxFieldNameInDetail = 100;

    /// <summary>Whether a Content-Type names JSON (<c>application/json</c>, <c>application/*+json</c>, ...).</summary>
    public static bool IsJsonMediaType(string contentType) => contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, bool allowEmpty)
        where T : class
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Body.CanSeek && string.IsNullOrEmpty(request.ContentType)))
        {
            return allowEmpty ? (null, null) : (null, Malformed("A JSON body is required."));
        }

        if (request.ContentType is { } type && !IsJsonMediaType(type))
        {
            return (null, ProblemResults.Problem(415, "unsupported-media-type", "Unsupported media type", "Send application/json."));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length == 0)
        {
            return allowEmpty ? (null, null) : (null, Malformed("A JSON body is required."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), DocumentOptions);
        }
        catch (JsonException ex)
        {
            return (null, Malformed($"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1} of that line)."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return allowEmpty ? (null, null) : (null, Malformed("A JSON object is required."));
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Malformed("The body must be a JSON object."));
            }

            try
            {
                return (root.Deserialize<T>(Options), null);
            }
            catch (JsonException ex)
            {
                return (null, FieldProblem(ex.Path));
            }
            catch (InvalidOperationException)
            {
                // A string that is not valid UTF-8 cannot be read as text.
                return (null, Malformed("The body is not valid UTF-8 JSON."));
            }
        }
    }

    /// <summary>A value of the wrong JSON type (or out of range) at <paramref name="path"/> ("$.devices[2].keyLifetimeDays").</summary>
    private static IResult FieldProblem(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return Malformed("The body does not have the fields of this endpoint.");
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (field.Length > MaxFieldNameInDetail)
        {
            field = field[..MaxFieldNameInDetail] + "…";
        }

        return IsField(path, "keyLifetimeDays") ? KeyProblems.InvalidKeyLifetime(field)
            : IsField(path, "revokeOtherKeysAfterSeconds") ? KeyProblems.InvalidGracePeriod(field)
            : Malformed($"The value of '{field}' has the wrong JSON type for that field.");
    }

    /// <summary>Whether a JSON path ends at the property <paramref name="name"/> (matched as the binding matches: ignoring case).</summary>
    private static bool IsField(string path, string name) =>
        path.EndsWith("." + name, StringComparison.OrdinalIgnoreCase) || path.EndsWith($"['{name}']", StringComparison.OrdinalIgnoreCase);

    private static IResult Malformed(string detail) => ProblemResults.Problem(400, "malformed-json", "Malformed request", detail);
}
