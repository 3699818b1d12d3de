using Entitlements.Api.Auth;
using Entitlements.Api.Contracts;
using Entitlements.Api.Problems;
using Entitlements.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Entitlements.Api.Endpoints;

/// <summary>The regulation policy in force: Casbin model, policy lines, field catalogue (<c>policy.admin</c>).</summary>
public static class PolicyEndpoints
{
    /// <summary>Information levels run from 1 (sensitive, identifying) to 3 (general), LVL-1.</summary>
    private const int LowestLevel = 3;

    public static IEndpointRouteBuilder MapPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/policy").WithTags("Policy").RequireAuthorization(Scopes.PolicyAdmin);

        group.MapGet("/", GetPolicy).WithName("GetPolicy")
            .WithSummary("The Casbin model, policy lines, field catalogue and version in force");
        group.MapPut("/", PutPolicy).WithName("PutPolicy")
            .WithSummary("Replace model, policy and field catalogue atomically; 400 with the parser's message and line when they do not parse");

        return app;
    }

    internal static async Task<Ok<PolicyView>> GetPolicy(IGrainFactory grains) =>
        TypedResults.Ok(ToView(await grains.GetPolicy().GetAsync()));

    internal static async Task<Results<Ok<PolicyView>, ValidationProblem>> PutPolicy(PolicyBody body, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        errors.Required("model", body.Model);
        if (body.Policy is null)
        {
            errors.Add("policy", "is required");
        }

        var fields = new Dictionary<string, PolicyField>(StringComparer.Ordinal);
        if (body.Fields is null)
        {
            errors.Add("fields", "is required");
        }
        else
        {
            foreach (var (name, spec) in body.Fields)
            {
                var path = $"fields.{name}";
                if (string.IsNullOrWhiteSpace(name))
                {
                    errors.Add("fields", "field names must be non-empty");
                }
                else if (spec?.Level is not { } level)
                {
                    errors.Add($"{path}.level", "is required");
                }
                else if (level is < 1 or > LowestLevel)
                {
                    errors.Add($"{path}.level", $"must be 1 to {LowestLevel}");
                }
                else if (spec.Mask is not null && string.IsNullOrWhiteSpace(spec.Mask))
                {
                    errors.Add($"{path}.mask", "must be null or a mask name");
                }
                else
                {
                    fields[name] = new PolicyField(level, spec.Mask);
                }
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        // The grain parses and validates; a PolicyValidationException becomes a 400 naming field and line.
        var stored = await grains.GetPolicy().ReplaceAsync(new PolicyDocument(body.Model!, body.Policy!, fields, body.Version ?? 0));
        return TypedResults.Ok(ToView(stored));
    }

    private static PolicyView ToView(PolicyDocument document) =>
        new(document.Model, document.Policy,
            document.Fields.ToDictionary(f => f.Key, f => new FieldSpecView(f.Value.Level, f.Value.Mask), StringComparer.Ordinal),
            document.Version);
}
