namespace Entitlements.Policy.Regulation;

/// <summary>What the directory knows about the person asking: filled by the grains, judged only by the policy.</summary>
public sealed record SubjectFacts(
    string Id,
    string Unit,
    IReadOnlyList<string> UnitPath, // The subject's own unit first, then its ancestors up to the root.
    IReadOnlyList<string> Roles,
    string Employment, // staff or outsourced.
    bool NdaSigned,
    bool DesignatedVipViewer,
    string Status, // active, handover or departed.
    bool UnitSuspended); // True when the subject's own unit or one of its ancestors is suspended.

/// <summary>What the directory knows about the customer whose information is asked for.</summary>
public sealed record CustomerFacts(
    string Id,
    string Unit, // The unit that collected the customer's information.
    IReadOnlyList<string> UnitPath, // The collecting unit first, then its ancestors up to the root.
    bool Vip,
    string? Agent,
    string? ServicePerson,
    IReadOnlyList<string> ServedBy,
    bool ConsentThirdPartySharing,
    bool ConsentChange);

/// <summary>An approved grant (rule 6) as the grains hold it.</summary>
public sealed record GrantFacts(
    string Id,
    string Kind, // routine, internal, government, agency or third-party.
    IReadOnlyList<string> Users,
    IReadOnlyList<string>? Customers, // The customers in scope, or null when the scope is a segment.
    string? Segment, // A unit id: every customer whose UnitPath contains it.
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> Actions,
    bool Unmasked,
    bool CommitteeApproved,
    DateTimeOffset From,
    DateTimeOffset Until,
    bool Ended); // True once the grant ended (expired, revoked or destroyed).

/// <summary>One access check. A null subject or customer means the id is unknown to the directory.</summary>
public sealed record AccessQuery(
    SubjectFacts? Subject,
    CustomerFacts? Customer,
    string Action,
    string Application,
    IReadOnlyList<string> Fields,
    GrantFacts? Grant, // The grant named by GrantId, or null when none was named or it was not found.
    string? GrantId,
    DateTimeOffset Now);

/// <summary>The decision for one field: allowed or not, the mask to apply, and why.</summary>
/// <remarks>
/// Level is the field's catalogue level (null for an unknown field); Mask is what to apply when allowed
/// (hide-middle-4, hide-last-4, surname-only; null for the clear value); Reason is the code of a deny
/// (null for an allow); Rule is the id of the policy row that decided (null when the check was refused
/// before the policy was consulted, e.g. an unknown subject).
/// </remarks>
public sealed record FieldDecision(string Field, int? Level, bool Allowed, string? Mask, string? Reason, string? Rule = null);

/// <summary>The answer to an <see cref="AccessQuery"/>: <c>allow</c>, <c>deny</c> or <c>partial</c>, one entry per field asked.</summary>
public sealed record AccessDecision(string Decision, IReadOnlyList<FieldDecision> Fields, long PolicyVersion);

/// <summary>A field catalogue entry: its level (1, 2 or 3) and the mask that shows it when masked (null: shown clear).</summary>
public sealed record FieldSpec(int Level, string? Mask);
