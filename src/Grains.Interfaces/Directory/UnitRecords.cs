namespace Entitlements.Grains.Interfaces;

/// <summary>The body of <c>PUT /v1/units/{unitId}</c>: what the caller decides about a unit.</summary>
[GenerateSerializer, Immutable, Alias("entitlements.UnitDefinition")]
public sealed record UnitDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Parent,
    [property: Id(2)] string Kind,
    [property: Id(3)] string? SecurityOfficer,
    [property: Id(4)] string? SecurityContact,
    [property: Id(5)] IReadOnlyList<string> Tags);

/// <summary>Why and since when a unit is suspended (Art. 23); null when it is not.</summary>
[GenerateSerializer, Immutable, Alias("entitlements.UnitSuspension")]
public sealed record UnitSuspension(
    [property: Id(0)] string Inspection,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset Since);

/// <summary>
/// A unit as <c>GET /v1/units/{unitId}</c> shows it: the definition plus derived state.
/// <see cref="Suspended"/> is the unit's own suspension; a decision also honours suspended ancestors.
/// </summary>
[GenerateSerializer, Immutable, Alias("entitlements.UnitRecord")]
public sealed record UnitRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Parent,
    [property: Id(3)] string Kind,
    [property: Id(4)] string? SecurityOfficer,
    [property: Id(5)] string? SecurityContact,
    [property: Id(6)] IReadOnlyList<string> Tags,
    [property: Id(7)] bool Suspended,
    [property: Id(8)] UnitSuspension? Suspension,
    [property: Id(9)] IReadOnlyList<string> VipViewers,
    [property: Id(10)] long Version);
