using System.Globalization;
using System.Text.Json.Nodes;
using Lakegate.Api.Ingest;
using Microsoft.OpenApi;

namespace Lakegate.Api.Admin;

/// <summary>
/// A query parameter of an operator endpoint as the OpenAPI document shows it. The endpoints read their
/// query themselves (to answer bad values with their own problems), so the framework cannot see these.
/// </summary>
public sealed record OperatorQueryParameter(string Name, JsonSchemaType Type, string Description, int? Minimum = null, int? Maximum = null, int? Default = null, string? Pattern = null)
{
    public static OperatorQueryParameter WholeNumber(string name, int minimum, int maximum, string description, int? defaultValue = null) =>
        new(name, JsonSchemaType.Integer, description, minimum, maximum, defaultValue);

    /// <summary>The <c>limit</c> of a list endpoint.</summary>
    public static OperatorQueryParameter Limit(string description) =>
        WholeNumber(OperatorQuery.LimitParameter, 1, OperatorQuery.MaxLimit, description, OperatorQuery.DefaultLimit);

    public static OperatorQueryParameter Flag(string name, string description) => new(name, JsonSchemaType.Boolean, description);

    /// <summary>A <c>deviceId</c> filter; an invalid id answers 400 <c>invalid-device-id</c>.</summary>
    public static OperatorQueryParameter DeviceIdFilter(string description) =>
        Text("deviceId", description, DeviceIdRule.Pattern);

    public static OperatorQueryParameter Text(string name, string description, string? pattern = null) => new(name, JsonSchemaType.String, description, Pattern: pattern);

    public OpenApiParameter ToOpenApi() => new()
    {
        Name = Name,
        In = ParameterLocation.Query,
        Required = false,
        Description = Description,
        Schema = new OpenApiSchema
        {
            Type = Type,
            Format = Type == JsonSchemaType.Integer ? "int32" : null,
            Minimum = Minimum?.ToString(CultureInfo.InvariantCulture),
            Maximum = Maximum?.ToString(CultureInfo.InvariantCulture),
            Default = Default is { } value ? JsonValue.Create(value) : null,
            Pattern = Pattern,
        },
    };
}
