namespace Entitlements.Grains.Interfaces;

/// <summary>The body of <c>PUT /v1/users/{userId}</c>.</summary>
[GenerateSerializer, Immutable, Alias("entitlements.UserDefinition")]
public sealed record UserDefinition(
    [property: Id(0)] string Unit,
    [property: Id(1)] IReadOnlyList<string> Roles,
    [property: Id(2)] string Employment,
    [property: Id(3)] bool NdaSigned,
    [property: Id(4)] bool DesignatedVipViewer);

/// <summary>A user as <c>GET /v1/users/{userId}</c> shows it: the definition plus the derived <see cref="Status"/>.</summary>
[GenerateSerializer, Immutable, Alias("entitlements.UserRecord")]
public sealed record UserRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Unit,
    [property: Id(2)] IReadOnlyList<string> Roles,
    [property: Id(3)] string Employment,
    [property: Id(4)] bool NdaSigned,
    [property: Id(5)] bool DesignatedVipViewer,
    [property: Id(6)] string Status,
    [property: Id(7)] long Version);
