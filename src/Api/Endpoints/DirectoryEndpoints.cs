using Entitlements.Api.Auth;
using Entitlements.Api.Contracts;
using Entitlements.Api.Problems;
using Entitlements.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Entitlements.Api.Endpoints;

/// <summary>Units, users and customers: the facts decisions are made from (<c>directory.write</c> to PUT, <c>directory.read</c> to GET).</summary>
public static class DirectoryEndpoints
{
    private const int MaxListItems = 1000;

    /// <summary>The longest unit name accepted.</summary>
    private const int MaxNameLength = 500;

    public static IEndpointRouteBuilder MapDirectoryEndpoints(this IEndpointRouteBuilder app)
    {
        // Every route names an id: a blank or malformed one is a 400 (RouteIdFilter), an unknown one on a GET a 404.
        var group = app.MapGroup("/v1").WithTags("Directory").AddEndpointFilter<RouteIdFilter>().ProducesValidationProblem();

        group.MapPut("/units/{unitId}", PutUnit).WithName("PutUnit")
            .WithSummary("Create or replace a unit of the organisation tree").RequireAuthorization(Scopes.DirectoryWrite);
        group.MapGet("/units", ListUnits).WithName("ListUnits")
            .WithSummary("Every unit with its ORG-3 findings; ?compliant=false reports the units that lack a security officer or contact (Art. 10)")
            .RequireAuthorization(Scopes.DirectoryRead);
        group.MapGet("/units/{unitId}", GetUnit).WithName("GetUnit").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A unit as stored, with whether it is suspended").RequireAuthorization(Scopes.DirectoryRead);

        group.MapPut("/users/{userId}", PutUser).WithName("PutUser").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create or replace a user; a third designated VIP viewer in a unit is refused with 409").RequireAuthorization(Scopes.DirectoryWrite);
        group.MapGet("/users/{userId}", GetUser).WithName("GetUser").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A user as stored, with the HR status").RequireAuthorization(Scopes.DirectoryRead);

        group.MapGet("/users/{userId}/entitlements", GetEntitlements).WithName("GetUserEntitlements").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("What a user holds and what it allows: roles, seat, grants, and per action the fields the policy allows on customers the user serves and on other customers of the unit (RBAC-4); ?application= names the calling system").RequireAuthorization(Scopes.DirectoryRead);

        group.MapPut("/customers/{customerId}", PutCustomer).WithName("PutCustomer")
            .WithSummary("Create or replace a customer's entitlement attributes").RequireAuthorization(Scopes.DirectoryWrite);
        group.MapGet("/customers/{customerId}", GetCustomer).WithName("GetCustomer").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A customer's entitlement attributes as stored").RequireAuthorization(Scopes.DirectoryRead);

        return app;
    }

    internal static async Task<Results<Ok<UnitView>, ValidationProblem>> PutUnit(string unitId, UnitBody body, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        errors.RequiredText("name", body.Name, MaxNameLength);
        errors.OneOf("kind", body.Kind, UnitKinds.All.ToArray());
        errors.OptionalId("parent", body.Parent);
        errors.OptionalId("securityOfficer", body.SecurityOfficer);
        errors.OptionalId("securityContact", body.SecurityContact);
        if (body.Tags is not null)
        {
            errors.Items("tags", body.Tags, UnitTags.All.ToArray(), max: UnitTags.All.Count);
        }

        if (body.Parent == unitId)
        {
            errors.Add("parent", "a unit cannot be its own parent");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var record = await grains.GetUnit(unitId).PutAsync(new UnitDefinition(
            body.Name!, body.Parent, body.Kind!, body.SecurityOfficer, body.SecurityContact, Distinct(body.Tags)));
        return TypedResults.Ok(ToView(await grains.GetUnitReport().JudgeAsync(record)));
    }

    internal static async Task<Results<Ok<UnitView>, ProblemHttpResult>> GetUnit(string unitId, IGrainFactory grains) =>
        await grains.GetUnitReport().GetAsync(unitId) is { } judged
            ? TypedResults.Ok(ToView(judged))
            : RequestErrorsExtensions.NotFound("unit", unitId);

    internal static async Task<Results<Ok<UnitListView>, ValidationProblem>> ListUnits(string? compliant, IGrainFactory grains)
    {
        bool? wanted = null;
        if (compliant is not null)
        {
            if (!bool.TryParse(compliant, out var value))
            {
                var errors = new RequestErrors();
                errors.Add("compliant", "must be true or false");
                return errors.ToProblem();
            }

            wanted = value;
        }

        var units = await grains.GetUnitReport().ListAsync();
        return TypedResults.Ok(new UnitListView([.. units.Where(u => wanted is null || u.Compliant == wanted).Select(ToView)]));
    }

    internal static async Task<Results<Ok<UserView>, ValidationProblem>> PutUser(string userId, UserBody body, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        errors.RequiredId("unit", body.Unit);
        errors.OneOf("employment", body.Employment, Employments.All.ToArray());
        if (body.Roles is not null)
        {
            errors.Items("roles", body.Roles, max: MaxListItems);
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var record = await grains.GetUser(userId).PutAsync(new UserDefinition(
            body.Unit!, Distinct(body.Roles), body.Employment!, body.NdaSigned ?? false, body.DesignatedVipViewer ?? false));
        return TypedResults.Ok(ToView(record));
    }

    internal static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetUser(string userId, IGrainFactory grains) =>
        await grains.GetUser(userId).GetAsync() is { } record
            ? TypedResults.Ok(ToView(record))
            : RequestErrorsExtensions.NotFound("user", userId);

    internal static async Task<Results<Ok<EntitlementsView>, ProblemHttpResult>> GetEntitlements(
        string userId, string? application, IGrainFactory grains, [FromServices] IAccessChecker checker)
    {
        if (await grains.GetUser(userId).GetAsync() is not { } user)
        {
            return RequestErrorsExtensions.NotFound("user", userId);
        }

        var policy = await grains.GetPolicy().GetAsync();
        // What the roles allow is the policy's answer, never the Api's (an application can be named: VIP and TEC rules depend on it).
        var allows = await checker.DescribeAsync(userId, application ?? "") ?? [];
        // Grants arrive with the requests-and-grants issue; until then a user holds none.
        return TypedResults.Ok(new EntitlementsView(
            user.Id, user.Unit, user.Status, user.Employment, user.NdaSigned, user.DesignatedVipViewer, user.Roles, [], policy.Version,
            [.. allows.Select(a => new AllowedAccessView(a.Customers, a.Action, [.. a.Fields.Select(f => new AllowedFieldView(f.Field, f.Level, f.Mask))]))]));
    }

    internal static async Task<Results<Ok<CustomerView>, ValidationProblem>> PutCustomer(string customerId, CustomerBody body, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        errors.RequiredId("unit", body.Unit);
        errors.OptionalId("agent", body.Agent);
        errors.OptionalId("servicePerson", body.ServicePerson);
        if (body.ServedBy is not null)
        {
            errors.Items("servedBy", body.ServedBy, max: MaxListItems);
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var consents = new CustomerConsents(body.Consents?.ThirdPartySharing ?? false, body.Consents?.Change ?? false);
        var record = await grains.GetCustomer(customerId).PutAsync(new CustomerDefinition(
            body.Unit!, body.Vip ?? false, body.Agent, body.ServicePerson, Distinct(body.ServedBy), consents));
        return TypedResults.Ok(ToView(record));
    }

    internal static async Task<Results<Ok<CustomerView>, ProblemHttpResult>> GetCustomer(string customerId, IGrainFactory grains) =>
        await grains.GetCustomer(customerId).GetAsync() is { } record
            ? TypedResults.Ok(ToView(record))
            : RequestErrorsExtensions.NotFound("customer", customerId);

    private static string[] Distinct(IReadOnlyList<string?>? values) =>
        values is null ? [] : [.. values.OfType<string>().Distinct(StringComparer.Ordinal)];

    private static UnitView ToView(UnitCompliance judged)
    {
        var r = judged.Unit;
        return new(r.Id, r.Name, r.Parent, r.Kind, r.SecurityOfficer, r.SecurityContact, r.Tags, r.Suspended, judged.Compliant, judged.Findings);
    }

    private static UserView ToView(UserRecord r) =>
        new(r.Id, r.Unit, r.Roles, r.Employment, r.NdaSigned, r.DesignatedVipViewer, r.Status);

    private static CustomerView ToView(CustomerRecord r) =>
        new(r.Id, r.Unit, r.Vip, r.Agent, r.ServicePerson, r.ServedBy, new ConsentsView(r.Consents.ThirdPartySharing, r.Consents.Change));
}
