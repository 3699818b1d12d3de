namespace Entitlements.Api.Contracts;

// Request bodies are nullable throughout so that a missing member becomes a 400 naming it,
// not a deserialization failure without a field.

/// <summary>Body of <c>PUT /v1/units/{unitId}</c>.</summary>
public sealed record UnitBody(
    string? Name,
    string? Parent,
    string? Kind,
    string? SecurityOfficer,
    string? SecurityContact,
    IReadOnlyList<string?>? Tags);

/// <summary>
/// A unit as stored, plus derived state: whether it is suspended, and whether it meets Art. 10 (ORG-3): <c>compliant</c>
/// when <c>findings</c> (<c>no-security-officer</c>, <c>security-contact-departed</c>, ...) is empty.
/// </summary>
public sealed record UnitView(
    string Id,
    string Name,
    string? Parent,
    string Kind,
    string? SecurityOfficer,
    string? SecurityContact,
    IReadOnlyList<string> Tags,
    bool Suspended,
    bool Compliant,
    IReadOnlyList<string> Findings);

/// <summary>The answer of <c>GET /v1/units</c>: units in id order.</summary>
public sealed record UnitListView(IReadOnlyList<UnitView> Units);

/// <summary>Body of <c>PUT /v1/users/{userId}</c>.</summary>
public sealed record UserBody(
    string? Unit,
    IReadOnlyList<string?>? Roles,
    string? Employment,
    bool? NdaSigned,
    bool? DesignatedVipViewer);

/// <summary>A user as stored, plus the HR status (<c>active</c>, <c>handover</c>, <c>departed</c>).</summary>
public sealed record UserView(
    string Id,
    string Unit,
    IReadOnlyList<string> Roles,
    string Employment,
    bool NdaSigned,
    bool DesignatedVipViewer,
    string Status);

/// <summary>A customer's consents.</summary>
public sealed record ConsentsBody(bool? ThirdPartySharing, bool? Change);

/// <summary>Body of <c>PUT /v1/customers/{customerId}</c>; <c>unit</c> is the unit that collected the information.</summary>
public sealed record CustomerBody(
    string? Unit,
    bool? Vip,
    string? Agent,
    string? ServicePerson,
    IReadOnlyList<string?>? ServedBy,
    ConsentsBody? Consents);

/// <summary>A customer's consents as stored.</summary>
public sealed record ConsentsView(bool ThirdPartySharing, bool Change);

/// <summary>A customer as stored.</summary>
public sealed record CustomerView(
    string Id,
    string Unit,
    bool Vip,
    string? Agent,
    string? ServicePerson,
    IReadOnlyList<string> ServedBy,
    ConsentsView Consents);

/// <summary>What a user holds (RBAC-4): the attributes the policy judges, the roles, the grants, and the policy version.</summary>
public sealed record EntitlementsView(
    string User,
    string Unit,
    string Status,
    string Employment,
    bool NdaSigned,
    bool DesignatedVipViewer,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Grants,
    long PolicyVersion,
    IReadOnlyList<AllowedAccessView> Allows);

/// <summary>What the roles allow for one kind of customer (<c>served</c>: one the user serves; <c>unit</c>: any other
/// customer of the user's unit or a unit below it) and one action, as the current policy decides it.</summary>
public sealed record AllowedAccessView(string Customers, string Action, IReadOnlyList<AllowedFieldView> Fields);

/// <summary>A field the action may touch and the mask it is shown with (null: clear).</summary>
public sealed record AllowedFieldView(string Field, int? Level, string? Mask);
