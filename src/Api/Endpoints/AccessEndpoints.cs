using System.Diagnostics;
using System.Security.Claims;
using Entitlements.Api.Auth;
using Entitlements.Api.Contracts;
using Entitlements.Api.Problems;
using Entitlements.Api.Telemetry;
using Entitlements.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Entitlements.Api.Endpoints;

/// <summary>Access decisions (<c>access.check</c>). The Api only validates and forwards: the silo's checker decides,
/// in process, and writes the audit record.</summary>
public static class AccessEndpoints
{
    /// <summary>The most checks one batch may hold.</summary>
    public const int MaxBatch = 1000;

    /// <summary>The most fields one check may name.</summary>
    public const int MaxFields = 256;

    public static IEndpointRouteBuilder MapAccessEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/access").WithTags("Access decisions").RequireAuthorization(Scopes.AccessCheck);

        group.MapPost("/check", Check).WithName("CheckAccess")
            .WithSummary("Decide what a subject may do to which fields of a customer, and how each must be masked");
        group.MapPost("/check-batch", CheckBatch).WithName("CheckAccessBatch")
            .WithSummary($"Decide 1 to {MaxBatch} checks at once; results come back in request order");

        return app;
    }

    internal static async Task<Results<Ok<AccessCheckResponse>, ValidationProblem>> Check(
        CheckRequest body, ClaimsPrincipal user, [FromServices] IAccessChecker checker, AccessMetrics metrics)
    {
        var errors = new RequestErrors();
        var caller = CallerOf(user);
        var request = Validate(body, string.Empty, caller, errors);
        if (request is null)
        {
            return errors.ToProblem();
        }

        var started = Stopwatch.GetTimestamp();
        var response = await checker.CheckAsync(request, caller);
        metrics.Timed(started, "check");
        metrics.Decided(response.Decision);
        return TypedResults.Ok(response);
    }

    internal static async Task<Results<Ok<CheckBatchResponse>, ValidationProblem>> CheckBatch(
        CheckBatchRequest body, ClaimsPrincipal user, [FromServices] IAccessChecker checker, AccessMetrics metrics)
    {
        var errors = new RequestErrors();
        if (body.Checks is null)
        {
            errors.Add("checks", "is required");
            return errors.ToProblem();
        }

        if (body.Checks.Count is 0 or > MaxBatch)
        {
            errors.Add("checks", $"must hold 1 to {MaxBatch} checks (got {body.Checks.Count})");
            return errors.ToProblem();
        }

        var caller = CallerOf(user);
        var requests = new AccessCheckRequest[body.Checks.Count];
        for (var i = 0; i < requests.Length; i++)
        {
            var prefix = $"checks[{i}].";
            if (body.Checks[i] is not { } check)
            {
                errors.Add($"checks[{i}]", "must be a check object");
                continue;
            }

            requests[i] = Validate(check, prefix, caller, errors)!;
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var started = Stopwatch.GetTimestamp();
        var results = await checker.CheckBatchAsync(requests, caller);
        metrics.Timed(started, "batch");
        metrics.Batch(requests.Length);
        foreach (var result in results)
        {
            metrics.Decided(result.Decision);
        }

        return TypedResults.Ok(new CheckBatchResponse(results));
    }

    /// <summary>
    /// The grain request, or null (with <paramref name="errors"/> filled) when the body is not a valid check. A check
    /// that names no <c>application</c> is taken as made through the calling system itself: the token's <c>sub</c>.
    /// </summary>
    internal static AccessCheckRequest? Validate(CheckRequest body, string prefix, string caller, RequestErrors errors)
    {
        var before = errors.Count;
        errors.Required(prefix + "subject", body.Subject);
        errors.Required(prefix + "customer", body.Customer);
        errors.OneOf(prefix + "action", body.Action, AccessActions.All.ToArray());
        errors.Items(prefix + "fields", body.Fields, min: 1, max: MaxFields);
        errors.OptionalId(prefix + "application", body.Application);
        errors.OptionalId(prefix + "grant", body.Grant);
        return errors.Count == before
            ? new AccessCheckRequest(body.Subject!, body.Customer!, body.Action!, [.. body.Fields!.Select(f => f!)], body.Application ?? caller, body.Grant)
            : null;
    }

    private static string CallerOf(ClaimsPrincipal user) => user.FindFirstValue("sub") ?? "anonymous";
}
