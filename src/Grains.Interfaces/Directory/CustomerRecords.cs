namespace Entitlements.Grains.Interfaces;

/// <summary>What the customer agreed to (PRI-1).</summary>
[GenerateSerializer, Immutable, Alias("entitlements.CustomerConsents")]
public sealed record CustomerConsents(
    [property: Id(0)] bool ThirdPartySharing,
    [property: Id(1)] bool Change);

/// <summary>The body of <c>PUT /v1/customers/{customerId}</c>; <see cref="Unit"/> collected the customer's information.</summary>
[GenerateSerializer, Immutable, Alias("entitlements.CustomerDefinition")]
public sealed record CustomerDefinition(
    [property: Id(0)] string Unit,
    [property: Id(1)] bool Vip,
    [property: Id(2)] string? Agent,
    [property: Id(3)] string? ServicePerson,
    [property: Id(4)] IReadOnlyList<string> ServedBy,
    [property: Id(5)] CustomerConsents Consents);

/// <summary>A customer as <c>GET /v1/customers/{customerId}</c> shows it.</summary>
[GenerateSerializer, Immutable, Alias("entitlements.CustomerRecord")]
public sealed record CustomerRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Unit,
    [property: Id(2)] bool Vip,
    [property: Id(3)] string? Agent,
    [property: Id(4)] string? ServicePerson,
    [property: Id(5)] IReadOnlyList<string> ServedBy,
    [property: Id(6)] CustomerConsents Consents,
    [property: Id(7)] long Version);
