using Entitlements.Policy.Expressions;

namespace Entitlements.Policy.Regulation;

// The request objects the baseline model reads (r.sub, r.cus, r.fld, r.grant). They expose the
// facts as they are, without judging them: every rule about who may see what lives in the policy.
// Names are camelCase like the directory's JSON; a missing value (no agent) reads as "".

internal static class Boxed
{
    public static readonly object True = true;
    public static readonly object False = false;

    public static object Of(bool value) => value ? True : False;
}

/// <summary><c>r.sub</c>: id, unit, unitPath, roles, employment, ndaSigned, designatedVipViewer, status, unitSuspended.</summary>
internal sealed class SubjectAttributes(SubjectFacts facts) : IAttributeSource
{
    public bool TryGetAttribute(string name, out object? value)
    {
        value = name switch
        {
            "id" => facts.Id,
            "unit" => facts.Unit,
            "unitPath" => facts.UnitPath,
            "roles" => facts.Roles,
            "employment" => facts.Employment,
            "ndaSigned" => Boxed.Of(facts.NdaSigned),
            "designatedVipViewer" => Boxed.Of(facts.DesignatedVipViewer),
            "status" => facts.Status,
            "unitSuspended" => Boxed.Of(facts.UnitSuspended),
            _ => null,
        };
        return value is not null;
    }
}

/// <summary>
/// <c>r.cus</c>: id, unit, unitPath, vip, agent, servicePerson, servedBy, consentThirdPartySharing, consentChange.
/// </summary>
internal sealed class CustomerAttributes(CustomerFacts facts) : IAttributeSource
{
    public bool TryGetAttribute(string name, out object? value)
    {
        value = name switch
        {
            "id" => facts.Id,
            "unit" => facts.Unit,
            "unitPath" => facts.UnitPath,
            "vip" => Boxed.Of(facts.Vip),
            "agent" => facts.Agent ?? "",
            "servicePerson" => facts.ServicePerson ?? "",
            "servedBy" => facts.ServedBy,
            "consentThirdPartySharing" => Boxed.Of(facts.ConsentThirdPartySharing),
            "consentChange" => Boxed.Of(facts.ConsentChange),
            _ => null,
        };
        return value is not null;
    }
}

/// <summary><c>r.fld</c>: name, level (a number), mask (the catalogue mask, "" when none). One per catalogue field, built at load.</summary>
internal sealed class FieldAttributes(string fieldName, FieldSpec spec) : IAttributeSource
{
    private readonly object _level = (double)spec.Level;

    public string Name { get; } = fieldName;

    public FieldSpec Spec { get; } = spec;

    public bool TryGetAttribute(string name, out object? value)
    {
        value = name switch
        {
            "name" => Name,
            "level" => _level,
            "mask" => Spec.Mask ?? "",
            _ => null,
        };
        return value is not null;
    }
}

/// <summary>
/// <c>r.grant</c>: named, found, id, kind, users, customers, segment, fields, actions, unmasked,
/// committeeApproved, from, until (Unix milliseconds), ended. When no grant was found every list is
/// empty and every flag false, so rows can test it without a null check.
/// </summary>
internal sealed class GrantAttributes : IAttributeSource
{
    private static readonly string[] Empty = [];

    public static readonly GrantAttributes None = new(named: false, grant: null);
    public static readonly GrantAttributes NotFound = new(named: true, grant: null);

    private readonly object _named;
    private readonly GrantFacts? _grant;
    private readonly object _from;
    private readonly object _until;

    public GrantAttributes(bool named, GrantFacts? grant)
    {
        _named = Boxed.Of(named);
        _grant = grant;
        _from = grant is null ? 0d : (double)grant.From.ToUnixTimeMilliseconds();
        _until = grant is null ? 0d : (double)grant.Until.ToUnixTimeMilliseconds();
    }

    public bool TryGetAttribute(string name, out object? value)
    {
        var grant = _grant;
        value = name switch
        {
            "named" => _named,
            "found" => Boxed.Of(grant is not null),
            "id" => grant?.Id ?? "",
            "kind" => grant?.Kind ?? "",
            "users" => grant?.Users ?? Empty,
            "customers" => grant?.Customers ?? Empty,
            "segment" => grant?.Segment ?? "",
            "fields" => grant?.Fields ?? Empty,
            "actions" => grant?.Actions ?? Empty,
            "unmasked" => Boxed.Of(grant?.Unmasked ?? false),
            "committeeApproved" => Boxed.Of(grant?.CommitteeApproved ?? false),
            "from" => _from,
            "until" => _until,
            "ended" => Boxed.Of(grant?.Ended ?? false),
            _ => null,
        };
        return value is not null;
    }
}
