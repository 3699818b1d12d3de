using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Entitlements.Api.Auth;

/// <summary>Declares the bearer scheme in the OpenAPI document so the reference page can send a token.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Entitlements API";
        document.Info.Description = "Permission and entitlement decisions for regulated customer data. "
            + "Every /v1 endpoint needs a bearer JWT (HS256, issuer and audience 'entitlements') carrying the scope named in its description.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT whose 'scope' claim lists the scopes granted, space-separated.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
