using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Entitlements.Api.Contracts;

/// <summary>
/// Request bodies are nullable records so that a missing member is a 400 naming it; this says in the OpenAPI
/// document which members a request really needs (API.md) instead of every positional one.
/// </summary>
internal sealed class RequestSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(CheckRequest)] = ["subject", "customer", "action", "fields"],
        [typeof(CheckBatchRequest)] = ["checks"],
        [typeof(UnitBody)] = ["name", "kind"],
        [typeof(UserBody)] = ["unit", "employment"],
        [typeof(CustomerBody)] = ["unit"],
        [typeof(ConsentsBody)] = [],
        [typeof(PolicyBody)] = ["model", "policy", "fields"],
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (Required.TryGetValue(context.JsonTypeInfo.Type, out var required))
        {
            schema.Required = new HashSet<string>(required, StringComparer.Ordinal);
        }

        return Task.CompletedTask;
    }
}
