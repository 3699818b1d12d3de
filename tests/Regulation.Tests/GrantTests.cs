using static Entitlements.Regulation.Tests.Scenario;

namespace Entitlements.Regulation.Tests;

/// <summary>Rule 6: a grant lifts rules 4 and 5 within its scope only (LVL-6, REQ-4, REQ-5, RBAC-2).</summary>
public sealed class GrantTests
{
    [Fact]
    public void Rule6_Grant_LiftsOtherUnit()
    {
        var query = Query(Staff("clerk"), Customer("br2"), "view", "mobile").Under(Grant("internal", "mobile"));

        AssertAllowed(Decide(query), "hide-middle-4");
    }

    [Fact]
    public void Rule6_Grant_LiftsBulkLevel1_Masked()
    {
        var query = Query(Staff("it"), Customer(), "export", "idNumber").Under(Grant("internal", "idNumber"));

        AssertAllowed(Decide(query), "hide-last-4");
    }

    [Fact]
    public void Rule6_Grant_LiftsNotServing()
    {
        var query = Query(Staff("analyst"), Customer(), "list", "health").Under(Grant("internal", "health"));

        AssertAllowed(Decide(query), null);
    }

    [Fact]
    public void Rule6_Grant_LiftsNoRole()
    {
        var query = Query(Staff(), Customer(), "view", "mobile").Under(Grant("routine", "mobile"));

        AssertAllowed(Decide(query), "hide-middle-4");
    }

    [Fact]
    public void Rule6_UnmaskedGrant_ShowsLevel1Clear()
    {
        var grant = Grant("internal", "mobile", "idNumber") with { Unmasked = true };

        var decision = Baseline.Evaluate(Query(Staff("clerk"), Customer(), "view", "mobile", "idNumber").Under(grant));

        Assert.All(decision.Fields, f => AssertAllowed(f, null));
    }

    [Fact]
    public void Rule6_UnmaskedThirdPartyGrant_StaysMasked()
    {
        var grant = Grant("third-party", "mobile") with { Unmasked = true, Actions = ["share"] };

        AssertAllowed(Decide(Query(Staff("clerk"), Customer(), "share", "mobile").Under(grant)), "hide-middle-4");
    }

    [Fact]
    public void Rule6_Grant_FieldOutsideScope_DecidedByTable()
    {
        var grant = Grant("internal", "mobile");

        AssertDenied(Decide(Query(Staff("it"), Customer(), "export", "idNumber").Under(grant)), "bulk-level-1");
        AssertDenied(Decide(Query(Staff("clerk"), Customer("br2"), "view", "idNumber").Under(grant)), "other-unit");
    }

    [Fact]
    public void Rule6_Grant_ActionOutsideScope_DecidedByTable()
    {
        var grant = Grant("internal", "mobile") with { Actions = ["view"] };

        AssertDenied(Decide(Query(Staff("it"), Customer(), "export", "mobile").Under(grant)), "bulk-level-1");
    }

    [Fact]
    public void Rule6_Grant_CustomerOutsideScope_DecidedByTable()
    {
        var grant = Grant("internal", "mobile") with { Customers = ["c-2"] };

        AssertDenied(Decide(Query(Staff("clerk"), Customer("br2"), "view", "mobile").Under(grant)), "other-unit");
    }

    [Fact]
    public void Rule6_SegmentGrant_CoversCustomersBelowTheSegment()
    {
        var grant = Grant("internal", "mobile") with { Customers = null, Segment = "br2" };
        var below = Customer("br2") with { UnitPath = ["br2-x", "br2", "hq"], Unit = "br2-x" };

        AssertAllowed(Decide(Query(Staff("clerk"), below, "view", "mobile").Under(grant)), "hide-middle-4");
        AssertDenied(Decide(Query(Staff("clerk"), Customer("hq"), "view", "mobile").Under(grant)), "other-unit");
    }

    // REQ-6, Art. 22: the unit's IT department is the only one that extracts, even under an approved grant.
    [Theory]
    [InlineData("clerk", "idNumber", "no-permission")]
    [InlineData("analyst", "health", "no-permission")]
    [InlineData("analyst", "age", "allow")]
    [InlineData("it", "idNumber", "allow:hide-last-4")]
    [InlineData("it", "health", "allow")]
    public void REQ6_ExportUnderGrant_OnlyByIt(string role, string field, string expected)
    {
        var query = Query(Staff(role), Customer(), "export", field).Under(Grant("internal", field));

        Assert.Equal(expected, Outcome(Decide(query)));
    }

    [Fact]
    public void Rule6_EndedGrant_DeniedGrantExpired()
    {
        var grant = Grant("internal", "mobile") with { Ended = true };

        AssertDenied(Decide(Query(Staff("clerk"), Customer("br2"), "view", "mobile").Under(grant)), "grant-expired");
    }

    [Fact]
    public void Rule6_GrantPastUntil_DeniedGrantExpired()
    {
        var grant = Grant("internal", "mobile") with { Until = Now };

        AssertDenied(Decide(Query(Staff("it"), Customer(), "export", "mobile").Under(grant)), "grant-expired");
    }

    [Fact]
    public void Rule6_GrantJustBeforeUntil_Applies()
    {
        var grant = Grant("internal", "mobile") with { Until = Now.AddMilliseconds(1) };

        AssertAllowed(Decide(Query(Staff("it"), Customer(), "export", "mobile").Under(grant)), "hide-middle-4");
    }

    [Fact]
    public void Rule6_GrantBeforeFrom_DeniedGrantInvalid()
    {
        var grant = Grant("internal", "mobile") with { From = Now.AddMinutes(1) };

        AssertDenied(Decide(Query(Staff("it"), Customer(), "export", "mobile").Under(grant)), "grant-invalid");
    }

    [Fact]
    public void Rule6_GrantIdNotFound_DeniedGrantInvalid()
    {
        var query = Query(Staff("clerk"), Customer(), "view", "gender") with { GrantId = "g-404" };

        AssertDenied(Decide(query), "grant-invalid");
    }

    [Fact]
    public void Rule6_SubjectWithoutNda_DeniedGrantInvalid()
    {
        var query = Query(Staff("it") with { NdaSigned = false }, Customer(), "export", "mobile").Under(Grant("internal", "mobile"));

        AssertDenied(Decide(query), "grant-invalid");
    }

    [Fact]
    public void Rule6_Grant_DoesNotLiftVipRestrictionOutsideScope()
    {
        var query = Query(Staff("clerk"), Customer().Vip(), "view", "health").Under(Grant("internal", "mobile"));

        AssertDenied(Decide(query), "vip-restricted");
    }

    [Fact]
    public void Rule6_Grant_LiftsVipRestrictionInsideScope()
    {
        var query = Query(Staff("clerk"), Customer().Vip(), "view", "health").Under(Grant("internal", "health"));

        AssertAllowed(Decide(query), null);
    }

    // REQ-4: sharing with a third party needs a third-party grant and the customer's written consent.
    [Fact]
    public void REQ4_Share_Allowed_WithThirdPartyGrantAndConsent()
    {
        var grant = Grant("third-party", "gender", "health") with { Actions = ["share"] };

        var decision = Baseline.Evaluate(Query(Staff("clerk"), Customer(), "share", "gender", "health").Under(grant));

        Assert.Equal("allow", decision.Decision);
    }

    [Fact]
    public void REQ4_Share_DeniedNoConsent_WhenCustomerRefused()
    {
        var grant = Grant("third-party", "gender") with { Actions = ["share"] };
        var customer = Customer() with { ConsentThirdPartySharing = false };

        AssertDenied(Decide(Query(Staff("clerk"), customer, "share", "gender").Under(grant)), "no-consent");
    }

    [Fact]
    public void REQ4_Share_DeniedNoPermission_WithInternalGrant()
    {
        var grant = Grant("internal", "gender") with { Actions = ["share"] };

        AssertDenied(Decide(Query(Staff("clerk"), Customer(), "share", "gender").Under(grant)), "no-permission");
    }

    [Fact]
    public void REQ4_Share_DeniedNoPermission_WithoutGrant()
    {
        var decision = Decide(Query(Staff("clerk", "head"), Customer(), "share", "gender"));

        AssertDenied(decision, "no-permission");
        Assert.Equal("default-deny", decision.Rule);
    }

    // REQ-8: a grant does not lift the customer's consent to a change.
    [Fact]
    public void REQ8_ModifyUnderGrant_DeniedNoConsent_WithoutConsentChange()
    {
        var grant = Grant("internal", "address") with { Actions = ["modify"] };
        var customer = Customer("br2") with { ConsentChange = false };

        AssertDenied(Decide(Query(Staff("clerk"), customer, "modify", "address").Under(grant)), "no-consent");
        AssertAllowed(Decide(Query(Staff("clerk"), customer with { ConsentChange = true }, "modify", "address").Under(grant)), "hide-middle-4");
    }
}
