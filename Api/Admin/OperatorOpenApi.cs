using Microsoft.OpenApi;

namespace Lakegate.Api.Admin;

/// <summary>
/// How the operator endpoints describe themselves in /openapi/v1.json: the operator key as a bearer
/// security scheme, the answers of the operator key check (401, 403 for readers on changes, 429), and the
/// query parameters and request bodies the framework cannot see because the endpoints read them by hand.
/// </summary>
public static class OperatorOpenApi
{
    /// <summary>The name of the bearer security scheme in the document's components.</summary>
    public const string SecuritySchemeName = "operatorKey";

    /// <summary>The operator key is required; a change (<paramref name="changes"/>) needs an admin key.</summary>
    public static RouteHandlerBuilder RequiresOperatorKey(this RouteHandlerBuilder endpoint, bool changes)
    {
        endpoint.ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        if (changes)
        {
            endpoint.ProducesProblem(StatusCodes.Status403Forbidden);
        }

        return endpoint.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            if (context.Document is { } document)
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes.TryAdd(SecuritySchemeName, new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An operator key (Operators:ApiKeys for admins, Operators:ReaderKeys for readers, which may only GET). A device key is never accepted.",
                });
                operation.Security ??= [];
                if (operation.Security.Count == 0)
                {
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] });
                }
            }

            return Task.CompletedTask;
        });
    }

    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder endpoint, params OperatorQueryParameter[] parameters) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
            {
                if (!operation.Parameters.Any(p => p.Name == parameter.Name && p.In == ParameterLocation.Query))
                {
                    operation.Parameters.Add(parameter.ToOpenApi());
                }
            }

            return Task.CompletedTask;
        });

    /// <summary>The request body may also be CSV text (<paramref name="description"/> says how it is laid out).</summary>
    public static RouteHandlerBuilder AcceptsCsvToo(this RouteHandlerBuilder endpoint, string description) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody is OpenApiRequestBody body)
            {
                body.Content ??= new Dictionary<string, OpenApiMediaType>();
                body.Content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = description } };
            }

            return Task.CompletedTask;
        });
}
