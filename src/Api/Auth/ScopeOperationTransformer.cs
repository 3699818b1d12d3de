using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Entitlements.Api.Auth;

/// <summary>
/// States on every secured operation of the OpenAPI document the scope it needs and the 401 and 403 it answers,
/// read from the endpoint's authorization metadata so the document cannot drift from what is enforced.
/// </summary>
internal sealed class ScopeOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var scopes = context.Description.ActionDescriptor.EndpointMetadata
            .OfType<IAuthorizeData>()
            .Select(a => a.Policy)
            .OfType<string>()
            .Where(Scopes.All.Contains)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (scopes.Length == 0)
        {
            return Task.CompletedTask;
        }

        var needs = $"Requires a bearer token with scope `{string.Join("` and `", scopes)}`.";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? needs : $"{operation.Description}\n\n{needs}";
        operation.Responses ??= [];
        operation.Responses.TryAdd(
            StatusCodes.Status401Unauthorized.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new OpenApiResponse { Description = "No valid bearer token (missing, expired, wrong signature, issuer or audience)" });
        operation.Responses.TryAdd(
            StatusCodes.Status403Forbidden.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new OpenApiResponse { Description = $"The token lacks scope {string.Join(", ", scopes)}" });
        return Task.CompletedTask;
    }
}
