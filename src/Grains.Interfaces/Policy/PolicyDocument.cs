namespace Entitlements.Grains.Interfaces;

/// <summary>One entry of the field catalogue: the field's information level (LVL-1) and its default mask, or null.</summary>
[GenerateSerializer, Immutable, Alias("entitlements.PolicyField")]
public sealed record PolicyField(
    [property: Id(0)] int Level,
    [property: Id(1)] string? Mask);

/// <summary>
/// The regulation policy as <c>GET /v1/policy</c> shows it and <c>PUT /v1/policy</c> replaces it:
/// the Casbin model text, the policy CSV lines, the field catalogue and the version.
/// On a PUT the <see cref="Version"/> given is ignored: the policy grain assigns the next one.
/// </summary>
[GenerateSerializer, Immutable, Alias("entitlements.PolicyDocument")]
public sealed record PolicyDocument(
    [property: Id(0)] string Model,
    [property: Id(1)] string Policy,
    [property: Id(2)] IReadOnlyDictionary<string, PolicyField> Fields,
    [property: Id(3)] long Version);
