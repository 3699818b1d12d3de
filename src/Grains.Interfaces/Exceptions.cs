namespace Entitlements.Grains.Interfaces;

/// <summary>
/// Base of the domain errors grains raise for a caller's mistake or a rule of the regulation. They cross
/// silos (serializable) and the Api maps them to problem details: <see cref="NotFoundException"/> 404,
/// <see cref="ValidationException"/> (and its subtypes) 400, <see cref="RegulationConflictException"/> 409.
/// A grain that throws one has written nothing.
/// </summary>
[GenerateSerializer, Alias("entitlements.EntitlementsException")]
public abstract class EntitlementsException : Exception
{
    protected EntitlementsException(string message) : base(message)
    {
    }
}

/// <summary>The directory object named in the path does not exist (404). <see cref="Kind"/> is <c>unit</c>, <c>user</c> or <c>customer</c>.</summary>
[GenerateSerializer, Alias("entitlements.NotFoundException")]
public sealed class NotFoundException : EntitlementsException
{
    public NotFoundException(string kind, string id) : base($"{kind} '{id}' does not exist")
    {
        Kind = kind;
        Id = id;
    }

    [Id(0)]
    public string Kind { get; private set; }

    [Id(1)]
    public string Id { get; private set; }
}

/// <summary>Bad input (400): <see cref="Field"/> names the offending member of the request body (camelCase, as in API.md).</summary>
[GenerateSerializer, Alias("entitlements.ValidationException")]
public class ValidationException : EntitlementsException
{
    public ValidationException(string field, string message) : base(message) => Field = field;

    [Id(0)]
    public string Field { get; private set; }
}

/// <summary>
/// A body names a directory object that does not exist (400, consistently for every reference in a body:
/// a user's or customer's <c>unit</c>, a unit's <c>parent</c>). Unknown ids in the path are <see cref="NotFoundException"/>.
/// </summary>
[GenerateSerializer, Alias("entitlements.UnknownReferenceException")]
public sealed class UnknownReferenceException : ValidationException
{
    public UnknownReferenceException(string field, string kind, string id)
        : base(field, $"{field}: {kind} '{id}' does not exist")
    {
        Kind = kind;
        Id = id;
    }

    [Id(0)]
    public string Kind { get; private set; }

    [Id(1)]
    public string Id { get; private set; }
}

/// <summary>
/// A policy (<c>PUT /v1/policy</c>) that does not parse or validate (400). <see cref="ValidationException.Field"/>
/// is <c>model</c>, <c>policy</c> or <c>fields</c>; <see cref="Line"/> the 1-based line the parser blames, if any.
/// </summary>
[GenerateSerializer, Alias("entitlements.PolicyValidationException")]
public sealed class PolicyValidationException : ValidationException
{
    public PolicyValidationException(string field, string message, int? line) : base(field, message) => Line = line;

    [Id(0)]
    public int? Line { get; private set; }
}

/// <summary>
/// A rule of the regulation forbids the operation (409); <see cref="Blocking"/> lists what stands in the way
/// (e.g. the users already holding a unit's two designated-VIP-viewer seats, VIP-4).
/// </summary>
[GenerateSerializer, Alias("entitlements.RegulationConflictException")]
public sealed class RegulationConflictException : EntitlementsException
{
    public RegulationConflictException(string message, IReadOnlyList<string> blocking) : base(message) => Blocking = blocking;

    [Id(0)]
    public IReadOnlyList<string> Blocking { get; private set; }
}
