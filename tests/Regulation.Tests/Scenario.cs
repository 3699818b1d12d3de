using Entitlements.Policy.Regulation;

namespace Entitlements.Regulation.Tests;

/// <summary>
/// A small organisation to ask questions about: hq > br1 > br1-a, and hq > br2. The subject works in
/// br1; the customer was collected by br1 unless a test says otherwise.
/// </summary>
internal static class Scenario
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly RegulationPolicy Baseline = RegulationPolicy.Baseline(version: 7);

    public static IReadOnlyList<string> PathOf(string unit) => unit switch
    {
        "hq" => ["hq"],
        "br1" => ["br1", "hq"],
        "br1-a" => ["br1-a", "br1", "hq"],
        "br2" => ["br2", "hq"],
        _ => [unit, "hq"],
    };

    public static SubjectFacts Staff(params string[] roles) => new(
        Id: "u-1",
        Unit: "br1",
        UnitPath: PathOf("br1"),
        Roles: roles,
        Employment: "staff",
        NdaSigned: true,
        DesignatedVipViewer: false,
        Status: "active",
        UnitSuspended: false);

    public static SubjectFacts InUnit(this SubjectFacts subject, string unit) =>
        subject with { Unit = unit, UnitPath = PathOf(unit) };

    public static CustomerFacts Customer(string unit = "br1") => new(
        Id: "c-1",
        Unit: unit,
        UnitPath: PathOf(unit),
        Vip: false,
        Agent: "u-9",
        ServicePerson: "u-8",
        ServedBy: ["u-7"],
        ConsentThirdPartySharing: true,
        ConsentChange: true);

    /// <summary>The customer with the subject u-1 as its agent.</summary>
    public static CustomerFacts ServedByAgent(this CustomerFacts customer) => customer with { Agent = "u-1" };

    public static CustomerFacts Vip(this CustomerFacts customer) => customer with { Vip = true };

    public static GrantFacts Grant(string kind = "internal", params string[] fields) => new(
        Id: "g-1",
        Kind: kind,
        Users: ["u-1"],
        Customers: ["c-1"],
        Segment: null,
        Fields: fields.Length == 0 ? ["mobile"] : fields,
        Actions: ["view", "list", "export"],
        Unmasked: false,
        CommitteeApproved: false,
        From: Now.AddDays(-1),
        Until: Now.AddDays(30),
        Ended: false);

    public static AccessQuery Query(
        SubjectFacts? subject, CustomerFacts? customer, string action, params string[] fields) =>
        new(subject, customer, action, "policy-admin", fields, Grant: null, GrantId: null, Now);

    public static AccessQuery Under(this AccessQuery query, GrantFacts grant) =>
        query with { Grant = grant, GrantId = grant.Id };

    public static AccessQuery Through(this AccessQuery query, string application) =>
        query with { Application = application };

    /// <summary>The decision of the baseline for a query on exactly one field.</summary>
    public static FieldDecision Decide(AccessQuery query, RegulationPolicy? policy = null)
    {
        Assert.Single(query.Fields);
        var decision = (policy ?? Baseline).Evaluate(query);
        return Assert.Single(decision.Fields);
    }

    public static void AssertAllowed(FieldDecision decision, string? mask)
    {
        Assert.True(decision.Allowed, $"expected allow, got deny ({decision.Reason}, rule {decision.Rule})");
        Assert.Equal(mask, decision.Mask);
        Assert.Null(decision.Reason);
    }

    public static void AssertDenied(FieldDecision decision, string reason)
    {
        Assert.False(decision.Allowed, $"expected deny {reason}, got allow (mask {decision.Mask}, rule {decision.Rule})");
        Assert.Equal(reason, decision.Reason);
        Assert.Null(decision.Mask);
    }

    /// <summary>"allow", "allow:mask" or a deny reason, for compact table tests.</summary>
    public static string Outcome(FieldDecision decision) =>
        decision.Allowed ? (decision.Mask is null ? "allow" : "allow:" + decision.Mask) : decision.Reason ?? "deny";
}
