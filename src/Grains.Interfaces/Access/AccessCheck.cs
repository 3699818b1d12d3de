namespace Entitlements.Grains.Interfaces;

/// <summary>
/// The body of <c>POST /v1/access/check</c>: may <c>subject</c> do <c>action</c> to these
/// <c>fields</c> of <c>customer</c> through <c>application</c>, optionally under <c>grant</c>?
/// </summary>
[GenerateSerializer, Immutable, Alias("entitlements.AccessCheckRequest")]
public sealed record AccessCheckRequest(
    [property: Id(0)] string Subject,
    [property: Id(1)] string Customer,
    [property: Id(2)] string Action,
    [property: Id(3)] IReadOnlyList<string> Fields,
    [property: Id(4)] string Application,
    [property: Id(5)] string? Grant = null);

/// <summary>
/// The verdict on one field: <c>effect</c> is <c>allow</c> or <c>deny</c>; <c>mask</c> is the
/// obligation to apply to an allowed value (null: clear); <c>reason</c> a kebab-case code, set on a deny.
/// <c>level</c> is null for a field the catalogue does not know.
/// </summary>
[GenerateSerializer, Immutable, Alias("entitlements.FieldResult")]
public sealed record FieldResult(
    [property: Id(0)] string Field,
    [property: Id(1)] int? Level,
    [property: Id(2)] string Effect,
    [property: Id(3)] string? Mask,
    [property: Id(4)] string? Reason);

/// <summary>
/// The response of <c>POST /v1/access/check</c>. <c>decision</c> is <c>allow</c> (every field allowed),
/// <c>deny</c> (none) or <c>partial</c>; <c>decisionId</c> names the audit record written for it.
/// </summary>
[GenerateSerializer, Immutable, Alias("entitlements.AccessCheckResponse")]
public sealed record AccessCheckResponse(
    [property: Id(0)] string Decision,
    [property: Id(1)] string DecisionId,
    [property: Id(2)] long PolicyVersion,
    [property: Id(3)] IReadOnlyList<FieldResult> Fields);
