using Entitlements.Policy.Regulation;
using static Entitlements.Regulation.Tests.Scenario;

namespace Entitlements.Regulation.Tests;

/// <summary>Rules 1-5 around the decision table (REQUIREMENTS section 11).</summary>
public sealed class RuleTests
{
    private static readonly string[] EveryField =
        ["name", "mobile", "landline", "email", "address", "idNumber", "bankAccount",
         "policyNumber", "health", "family", "finance", "behaviour", "gender", "age"];

    private static AccessDecision Everything(SubjectFacts subject, CustomerFacts customer, string action = "view") =>
        Baseline.Evaluate(Query(subject, customer.ServedByAgent(), action, EveryField));

    // HO-3: from the moment a departure completes, every access is denied.
    [Theory]
    [InlineData("view")]
    [InlineData("list")]
    [InlineData("modify")]
    public void HO3_DepartedUser_DeniedEverything(string action)
    {
        var decision = Everything(Staff("agent", "clerk", "analyst") with { Status = "departed" }, Customer(), action);

        Assert.Equal("deny", decision.Decision);
        Assert.All(decision.Fields, f => AssertDenied(f, "departed"));
    }

    [Fact]
    public void HO3_UserInHandover_StillDecidedByTable()
    {
        // Until the departure completes the person keeps working: level 1 masked, level 2 of served customers.
        var subject = Staff("agent") with { Status = "handover" };

        var decision = Baseline.Evaluate(Query(subject, Customer().ServedByAgent(), "view", "mobile", "health", "gender"));

        Assert.Equal(["allow:hide-middle-4", "allow", "allow"], decision.Fields.Select(Outcome));
        Assert.Equal("bulk-level-1", Outcome(Decide(Query(subject, Customer().ServedByAgent(), "list", "mobile"))));
    }

    [Fact]
    public void HO3_DepartedUser_NotLiftedByGrant()
    {
        var grant = Grant("internal", "gender") with { Unmasked = true };
        var query = Query(Staff("analyst") with { Status = "departed" }, Customer(), "view", "gender").Under(grant);

        AssertDenied(Decide(query), "departed");
    }

    // SUS-1: while a unit is suspended every access by its users is denied.
    [Fact]
    public void SUS1_SuspendedUnit_DeniedEverything()
    {
        var decision = Everything(Staff("agent", "clerk") with { UnitSuspended = true }, Customer());

        Assert.Equal("deny", decision.Decision);
        Assert.All(decision.Fields, f => AssertDenied(f, "unit-suspended"));
    }

    [Fact]
    public void SUS1_SuspendedUnit_NotLiftedByGrant()
    {
        var query = Query(Staff("clerk") with { UnitSuspended = true }, Customer(), "view", "mobile")
            .Under(Grant("internal", "mobile") with { Unmasked = true });

        AssertDenied(Decide(query), "unit-suspended");
    }

    [Fact]
    public void SUS1_Reinstated_RestoresTheTable()
    {
        var subject = Staff("clerk") with { UnitSuspended = true };
        AssertDenied(Decide(Query(subject, Customer(), "view", "mobile")), "unit-suspended");

        AssertAllowed(Decide(Query(subject with { UnitSuspended = false }, Customer(), "view", "mobile")), "hide-middle-4");
    }

    // TEC-3, Art. 30: outsourced staff never access level 1, whatever else they hold.
    [Theory]
    [InlineData("mobile")]
    [InlineData("idNumber")]
    [InlineData("name")]
    public void TEC3_Outsourced_DeniedLevel1(string field)
    {
        var subject = Staff("clerk", "it") with { Employment = "outsourced" };

        AssertDenied(Decide(Query(subject, Customer(), "view", field)), "outsourced-level-1");
    }

    [Fact]
    public void TEC3_Outsourced_Level3StillAllowed()
    {
        var subject = Staff("it") with { Employment = "outsourced" };

        AssertAllowed(Decide(Query(subject, Customer(), "export", "age")), null);
    }

    [Fact]
    public void TEC3_Outsourced_NotLiftedByUnmaskedGrant()
    {
        var subject = Staff("it") with { Employment = "outsourced" };
        var grant = Grant("internal", "mobile", "gender") with { Unmasked = true };

        var decision = Baseline.Evaluate(Query(subject, Customer(), "export", "mobile", "gender").Under(grant));

        AssertDenied(decision.Fields[0], "outsourced-level-1");
        AssertAllowed(decision.Fields[1], null);
        Assert.Equal("partial", decision.Decision);
    }

    // TEC-3 with Art. 39: a VIP's private information is level 1 information too.
    [Fact]
    public void TEC3_Outsourced_DeniedVipPrivateInformation()
    {
        var subject = Staff("agent") with { Employment = "outsourced" };
        var query = Query(subject, Customer().Vip().ServedByAgent(), "view", "health", "policyNumber", "age").Through("mss");

        var decision = Baseline.Evaluate(query);

        Assert.Equal(["outsourced-level-1", "outsourced-level-1", "allow"], decision.Fields.Select(Outcome));
        Assert.Equal("allow", Outcome(Decide(Query(subject, Customer().ServedByAgent(), "view", "health"))));
    }

    // RBAC-2, Art. 13, 17: own unit and the units below it only.
    [Fact]
    public void RBAC2_CustomerOfOtherUnit_DeniedOtherUnit()
    {
        var decision = Everything(Staff("agent", "clerk", "analyst"), Customer("br2"));

        Assert.Equal("deny", decision.Decision);
        Assert.All(decision.Fields, f => AssertDenied(f, "other-unit"));
    }

    [Fact]
    public void RBAC2_CustomerOfUnitBelow_Allowed()
    {
        AssertAllowed(Decide(Query(Staff("clerk"), Customer("br1-a"), "view", "mobile")), "hide-middle-4");
    }

    [Fact]
    public void RBAC2_CustomerOfParentUnit_DeniedOtherUnit()
    {
        var subject = Staff("clerk").InUnit("br1-a");

        AssertDenied(Decide(Query(subject, Customer("br1"), "view", "gender")), "other-unit");
    }

    [Fact]
    public void RBAC2_HeadOffice_SeesCustomersOfEveryBranch()
    {
        var subject = Staff("clerk").InUnit("hq");

        AssertAllowed(Decide(Query(subject, Customer("br2"), "view", "idNumber")), "hide-last-4");
    }

    [Fact]
    public void RBAC2_AgentOfCustomerInOtherUnit_StillDenied()
    {
        var customer = Customer("br2").ServedByAgent();

        AssertDenied(Decide(Query(Staff("agent"), customer, "view", "health")), "other-unit");
    }

    // RBAC-3, Art. 16: nobody uses another person's rights: a grant names its users.
    [Fact]
    public void RBAC3_GrantOfAnotherUser_DeniedGrantInvalid()
    {
        var grant = Grant("internal", "mobile") with { Users = ["u-2"] };

        AssertDenied(Decide(Query(Staff("clerk"), Customer("br2"), "view", "mobile").Under(grant)), "grant-invalid");
    }

    // VIP-2: a VIP's name is the surname only; contact, ID and bank masked as level 1.
    [Fact]
    public void VIP2_DesignatedViewer_GetsSurnameOnlyAndMasks()
    {
        var subject = Staff("clerk") with { DesignatedVipViewer = true };

        var decision = Baseline.Evaluate(
            Query(subject, Customer().Vip(), "view", "name", "mobile", "idNumber", "bankAccount", "gender"));

        Assert.Equal(
            ["allow:surname-only", "allow:hide-middle-4", "allow:hide-last-4", "allow:hide-middle-4", "allow"],
            decision.Fields.Select(Outcome));
        Assert.Equal("allow", decision.Decision);
    }

    [Fact]
    public void VIP2_Agent_ThroughMss_GetsSurnameOnly()
    {
        var query = Query(Staff("agent"), Customer().Vip().ServedByAgent(), "view", "name").Through("mss");

        AssertAllowed(Decide(query), "surname-only");
    }

    [Fact]
    public void VIP2_UnmaskedGrant_ShowsVipClear()
    {
        var grant = Grant("internal", "name", "mobile") with { Unmasked = true };
        var query = Query(Staff("clerk"), Customer().Vip(), "view", "name", "mobile").Under(grant);

        var decision = Baseline.Evaluate(query);

        Assert.All(decision.Fields, f => AssertAllowed(f, null));
    }

    [Fact]
    public void VIP2_MaskedGrant_KeepsSurnameOnly()
    {
        var query = Query(Staff("clerk"), Customer().Vip(), "view", "name").Under(Grant("internal", "name"));

        AssertAllowed(Decide(query), "surname-only");
    }

    // VIP-3: name, contact, ID, bank and policy number never in bulk without the committee.
    [Theory]
    [InlineData("name")]
    [InlineData("mobile")]
    [InlineData("address")]
    [InlineData("idNumber")]
    [InlineData("bankAccount")]
    [InlineData("policyNumber")]
    public void VIP3_BulkSensitive_DeniedVipRestricted_WithoutCommittee(string field)
    {
        var grant = Grant("internal", field) with { Customers = null, Segment = "br1" };
        var subject = Staff("it", "analyst") with { DesignatedVipViewer = true };

        AssertDenied(Decide(Query(subject, Customer().Vip(), "list", field)), "vip-restricted");
        AssertDenied(Decide(Query(subject, Customer().Vip(), "export", field).Under(grant)), "vip-restricted");
    }

    [Fact]
    public void VIP3_BulkSensitive_StillDenied_WhenCmdOpensTheVipGate()
    {
        // VIP-3 has its own row: relaxing VIP-4 (dropping the gate) must not open bulk access.
        var policy = string.Join('\n', Baseline.Policy.Split('\n').Where(l => !l.StartsWith("p, vip-restricted,", StringComparison.Ordinal)));
        var edited = RegulationPolicy.Load(Baseline.Model, policy, Baseline.Fields, 8);

        var decision = Decide(Query(Staff("analyst"), Customer().Vip(), "list", "policyNumber"), edited);

        AssertDenied(decision, "vip-restricted");
        Assert.Equal("vip-bulk", decision.Rule);
        Assert.Equal("allow", Outcome(Decide(Query(Staff("analyst"), Customer().Vip(), "list", "age"), edited)));
    }

    [Fact]
    public void VIP3_BulkSensitive_Allowed_WithCommitteeApprovedGrant()
    {
        var grant = Grant("internal", "mobile", "policyNumber") with { CommitteeApproved = true };

        var decision = Baseline.Evaluate(Query(Staff("it"), Customer().Vip(), "export", "mobile", "policyNumber").Under(grant));

        Assert.Equal(["allow:hide-middle-4", "allow"], decision.Fields.Select(Outcome));
    }

    [Theory]
    [InlineData("health")]
    [InlineData("finance")]
    [InlineData("behaviour")]
    public void VIP3_BulkPrivate_NeedsCommitteeApprovedGrant(string field)
    {
        // Art. 39(3): bulk viewing of VIP sensitive and private information needs CMD, F1 and the committee.
        var grant = Grant("internal", field, "age") with { Actions = ["list"] };
        var subject = Staff("agent");

        var withoutCommittee = Baseline.Evaluate(Query(subject, Customer().Vip(), "list", field, "age").Under(grant));
        var withCommittee = Baseline.Evaluate(Query(subject, Customer().Vip(), "list", field, "age").Under(grant with { CommitteeApproved = true }));

        Assert.Equal(["vip-restricted", "allow"], withoutCommittee.Fields.Select(Outcome));
        Assert.Equal(["allow", "allow"], withCommittee.Fields.Select(Outcome));
    }

    [Fact]
    public void VIP3_CommitteeGrant_OutsideItsScope_StillDenied()
    {
        var grant = Grant("internal", "mobile") with { CommitteeApproved = true };

        AssertDenied(Decide(Query(Staff("it"), Customer().Vip(), "export", "idNumber").Under(grant)), "vip-restricted");
    }

    // VIP-4: only designated viewers and the VIP's own agent and service person through MSS.
    [Fact]
    public void VIP4_OrdinaryStaff_DeniedVipRestricted()
    {
        var decision = Everything(Staff("clerk", "agent", "analyst"), Customer().Vip() with { Agent = "u-9" });

        Assert.All(decision.Fields, f => AssertDenied(f, "vip-restricted"));
    }

    [Fact]
    public void VIP4_Agent_OutsideMss_DeniedVipRestricted()
    {
        var query = Query(Staff("agent"), Customer().Vip().ServedByAgent(), "view", "mobile").Through("call-center");

        AssertDenied(Decide(query), "vip-restricted");
    }

    [Fact]
    public void VIP4_Agent_ThroughMss_SeesLevel2AndMaskedLevel1()
    {
        var query = Query(Staff("agent"), Customer().Vip().ServedByAgent(), "view", "mobile", "health", "age").Through("mss");

        var decision = Baseline.Evaluate(query);

        Assert.Equal(["allow:hide-middle-4", "allow", "allow"], decision.Fields.Select(Outcome));
    }

    [Fact]
    public void VIP4_ServicePerson_ThroughMss_Allowed()
    {
        var customer = Customer().Vip() with { ServicePerson = "u-1" };

        AssertAllowed(Decide(Query(Staff("service"), customer, "view", "health").Through("mss")), null);
    }

    [Fact]
    public void VIP4_ServicePerson_OutsideMss_DeniedVipRestricted()
    {
        var customer = Customer().Vip() with { ServicePerson = "u-1" };

        AssertDenied(Decide(Query(Staff("service"), customer, "view", "health").Through("call-center")), "vip-restricted");
    }

    [Theory]
    [InlineData("analyst")]
    [InlineData("head")]
    public void VIP4_DesignatedViewer_WithoutViewingRole_SeesOnlyLevel3(string role)
    {
        // The seat opens the VIP gate; the role still decides what is shown (RBAC-1).
        var subject = Staff(role) with { DesignatedVipViewer = true };

        var decision = Baseline.Evaluate(Query(subject, Customer().Vip(), "view", "name", "mobile", "age"));

        Assert.Equal(["no-permission", "no-permission", "allow"], decision.Fields.Select(Outcome));
    }

    [Theory]
    [InlineData("share")]
    [InlineData("modify")]
    [InlineData("print")]
    public void VIP4_Agent_ThroughMss_OnlyViews(string action)
    {
        var query = Query(Staff("agent"), Customer().Vip().ServedByAgent(), action, "gender").Through("mss");

        AssertDenied(Decide(query), "vip-restricted");
    }

    [Fact]
    public void VIP4_ServedByOnly_DeniedVipRestricted()
    {
        var customer = Customer().Vip() with { ServedBy = ["u-1"] };

        AssertDenied(Decide(Query(Staff("manager"), customer, "view", "health").Through("mss")), "vip-restricted");
    }

    [Fact]
    public void VIP4_Agent_ThroughMss_CannotList()
    {
        var query = Query(Staff("agent"), Customer().Vip().ServedByAgent(), "list", "health").Through("mss");

        AssertDenied(Decide(query), "vip-restricted");
    }

    [Fact]
    public void VIP4_DesignatedViewer_OfOtherUnit_DeniedOtherUnit()
    {
        var subject = Staff("clerk") with { DesignatedVipViewer = true };

        AssertDenied(Decide(Query(subject, Customer("br2").Vip(), "view", "mobile")), "other-unit");
    }

    [Fact]
    public void VIP4_DesignatedViewer_TableStillApplies()
    {
        // The API.md example: a designated viewer who does not serve the VIP sees no level 2.
        var subject = Staff("agent") with { Id = "u-1001", DesignatedVipViewer = true };
        var customer = Customer().Vip() with { Id = "c-42" };

        var decision = Baseline.Evaluate(
            Query(subject, customer, "view", "name", "mobile", "idNumber", "health", "gender").Through("mss"));

        Assert.Equal(
            ["allow:surname-only", "allow:hide-middle-4", "allow:hide-last-4", "not-serving", "allow"],
            decision.Fields.Select(Outcome));
        Assert.Equal("partial", decision.Decision);
        Assert.Equal(7, decision.PolicyVersion);
    }

    [Fact]
    public void VIP4_DesignatedViewer_CannotModify()
    {
        var subject = Staff("clerk") with { DesignatedVipViewer = true };

        AssertDenied(Decide(Query(subject, Customer().Vip(), "modify", "address")), "vip-restricted");
    }

    // VIP-5: VIP statistics only to the designated person.
    [Fact]
    public void VIP5_DesignatedViewer_ListsLevel3()
    {
        var subject = Staff("analyst") with { DesignatedVipViewer = true };

        AssertAllowed(Decide(Query(subject, Customer().Vip(), "list", "age")), null);
        AssertDenied(Decide(Query(Staff("analyst"), Customer().Vip(), "list", "age")), "vip-restricted");
    }

    // Rule order: rule 1 before rule 2 before rule 3 before rule 4.
    [Fact]
    public void Rules_ApplyInOrder()
    {
        var outsider = Staff("clerk") with { Employment = "outsourced" };
        var customer = Customer("br2").Vip();

        AssertDenied(Decide(Query(outsider with { Status = "departed", UnitSuspended = true }, customer, "view", "mobile")), "departed");
        AssertDenied(Decide(Query(outsider with { UnitSuspended = true }, customer, "view", "mobile")), "unit-suspended");
        AssertDenied(Decide(Query(outsider, customer, "view", "mobile")), "outsourced-level-1");
        AssertDenied(Decide(Query(outsider, customer, "view", "gender")), "vip-restricted");
        AssertDenied(Decide(Query(outsider, customer with { Vip = false }, "view", "gender")), "other-unit");
    }
}
