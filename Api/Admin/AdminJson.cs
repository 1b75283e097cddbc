using System.Text.Json;
using Lakegate.Api.Hosting;

namespace Lakegate.Api.Admin;

/// <summary>Reads an operator request body, answering malformed JSON with a clear 400.</summary>
public static class AdminJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, bool allowEmpty)
        where T : class
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Body.CanSeek && string.IsNullOrEmpty(request.ContentType)))
        {
            return allowEmpty ? (null, null) : (null, ProblemResults.Problem(400, "malformed-json", "Malformed request", "A JSON body is required."));
        }

        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ProblemResults.Problem(415, "unsupported-media-type", "Unsupported media type", "Send application/json."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted);
            return value is null && !allowEmpty
                ? (null, ProblemResults.Problem(400, "malformed-json", "Malformed request", "A JSON object is required."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ProblemResults.Problem(400, "malformed-json", "Malformed request", $"The body is not valid for this endpoint: {ex.Message}"));
        }
    }
}
