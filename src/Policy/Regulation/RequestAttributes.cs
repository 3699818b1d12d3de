using Entitlements.Policy.Expressions;

namespace Entitlements.Policy.Regulation;

// The request objects the baseline model reads (r.sub, r.cus, r.fld, r.grant). They expose the
// facts as they are, without judging them: every rule about who may see what lives in the policy.
// Names are camelCase like the directory's JSON; a missing value (no agent) reads as "".

/// <summary>What a policy text may read of a request value: a scalar, a string list, or an object with named attributes.</summary>
internal enum AttributeKind
{
    Bool,
    Number,
    String,
    List,
    Object,
}

/// <summary>The attributes of one request object, in slot order, with the kind of value each holds.</summary>
internal sealed class AttributeSchema(params (string Name, AttributeKind Kind)[] attributes)
{
    private readonly string[] _names = [.. attributes.Select(a => a.Name)];

    public IReadOnlyList<(string Name, AttributeKind Kind)> Attributes { get; } = attributes;

    public int SlotOf(string name) => Array.IndexOf(_names, name);

    public string Describe() => string.Join(", ", _names);
}

/// <summary>An attribute object whose attributes are numbered slots described by <paramref name="schema"/>.</summary>
internal abstract class SlotAttributes(AttributeSchema schema) : IAttributeSlots
{
    public int SlotOf(string name) => schema.SlotOf(name);

    public bool TryGetAttribute(string name, out object? value) => TryGetSlot(SlotOf(name), out value);

    public abstract bool TryGetSlot(int slot, out object? value);
}

/// <summary><c>r.sub</c>: id, unit, unitPath, roles, employment, ndaSigned, designatedVipViewer, status, unitSuspended.</summary>
internal sealed class SubjectAttributes(SubjectFacts facts) : SlotAttributes(Schema)
{
    public static readonly AttributeSchema Schema = new(
        ("id", AttributeKind.String), ("unit", AttributeKind.String), ("unitPath", AttributeKind.List), ("roles", AttributeKind.List),
        ("employment", AttributeKind.String), ("ndaSigned", AttributeKind.Bool), ("designatedVipViewer", AttributeKind.Bool),
        ("status", AttributeKind.String), ("unitSuspended", AttributeKind.Bool));

    public override bool TryGetSlot(int slot, out object? value)
    {
        value = slot switch
        {
            0 => facts.Id,
            1 => facts.Unit,
            2 => facts.UnitPath,
            3 => facts.Roles,
            4 => facts.Employment,
            5 => Values.Box(facts.NdaSigned),
            6 => Values.Box(facts.DesignatedVipViewer),
            7 => facts.Status,
            8 => Values.Box(facts.UnitSuspended),
            _ => null,
        };
        return value is not null;
    }
}

/// <summary>
/// <c>r.cus</c>: id, unit, unitPath, vip, agent, servicePerson, servedBy, consentThirdPartySharing, consentChange.
/// </summary>
internal sealed class CustomerAttributes(CustomerFacts facts) : SlotAttributes(Schema)
{
    public static readonly AttributeSchema Schema = new(
        ("id", AttributeKind.String), ("unit", AttributeKind.String), ("unitPath", AttributeKind.List), ("vip", AttributeKind.Bool),
        ("agent", AttributeKind.String), ("servicePerson", AttributeKind.String), ("servedBy", AttributeKind.List),
        ("consentThirdPartySharing", AttributeKind.Bool), ("consentChange", AttributeKind.Bool));

    public override bool TryGetSlot(int slot, out object? value)
    {
        value = slot switch
        {
            0 => facts.Id,
            1 => facts.Unit,
            2 => facts.UnitPath,
            3 => Values.Box(facts.Vip),
            4 => facts.Agent ?? "",
            5 => facts.ServicePerson ?? "",
            6 => facts.ServedBy,
            7 => Values.Box(facts.ConsentThirdPartySharing),
            8 => Values.Box(facts.ConsentChange),
            _ => null,
        };
        return value is not null;
    }
}

/// <summary><c>r.fld</c>: name, level (a number), mask (the catalogue mask, "" when none). One per catalogue field, built at load.</summary>
internal sealed class FieldAttributes(string fieldName, FieldSpec spec) : SlotAttributes(Schema)
{
    public static readonly AttributeSchema Schema = new(("name", AttributeKind.String), ("level", AttributeKind.Number), ("mask", AttributeKind.String));

    private readonly object _level = (double)spec.Level;

    public string Name { get; } = fieldName;

    public FieldSpec Spec { get; } = spec;

    public override bool TryGetSlot(int slot, out object? value)
    {
        value = slot switch
        {
            0 => Name,
            1 => _level,
            2 => Spec.Mask ?? "",
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
internal sealed class GrantAttributes : SlotAttributes
{
    private static readonly string[] Empty = [];

    public static readonly AttributeSchema Schema = new(
        ("named", AttributeKind.Bool), ("found", AttributeKind.Bool), ("id", AttributeKind.String), ("kind", AttributeKind.String),
        ("users", AttributeKind.List), ("customers", AttributeKind.List), ("segment", AttributeKind.String), ("fields", AttributeKind.List),
        ("actions", AttributeKind.List), ("unmasked", AttributeKind.Bool), ("committeeApproved", AttributeKind.Bool),
        ("from", AttributeKind.Number), ("until", AttributeKind.Number), ("ended", AttributeKind.Bool));

    public static readonly GrantAttributes None = new(named: false, grant: null);
    public static readonly GrantAttributes NotFound = new(named: true, grant: null);

    private readonly object _named;
    private readonly GrantFacts? _grant;
    private readonly object _from;
    private readonly object _until;

    public GrantAttributes(bool named, GrantFacts? grant)
        : base(Schema)
    {
        _named = Values.Box(named);
        _grant = grant;
        _from = grant is null ? 0d : (double)grant.From.ToUnixTimeMilliseconds();
        _until = grant is null ? 0d : (double)grant.Until.ToUnixTimeMilliseconds();
    }

    public override bool TryGetSlot(int slot, out object? value)
    {
        var grant = _grant;
        value = slot switch
        {
            0 => _named,
            1 => Values.Box(grant is not null),
            2 => grant?.Id ?? "",
            3 => grant?.Kind ?? "",
            4 => grant?.Users ?? Empty,
            5 => grant?.Customers ?? Empty,
            6 => grant?.Segment ?? "",
            7 => grant?.Fields ?? Empty,
            8 => grant?.Actions ?? Empty,
            9 => Values.Box(grant?.Unmasked ?? false),
            10 => Values.Box(grant?.CommitteeApproved ?? false),
            11 => _from,
            12 => _until,
            13 => Values.Box(grant?.Ended ?? false),
            _ => null,
        };
        return value is not null;
    }
}
