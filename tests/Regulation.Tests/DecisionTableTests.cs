using static Entitlements.Regulation.Tests.Scenario;

namespace Entitlements.Regulation.Tests;

/// <summary>
/// Every cell of the decision table in REQUIREMENTS section 11: an active staff user of an unsuspended
/// unit, a customer of their own unit, no grant. "allow[:mask]" or the deny reason.
/// </summary>
public sealed class DecisionTableTests
{
    private static string Cell(string role, string action, string field, bool serving = false, bool consent = true)
    {
        var subject = role == "none" ? Staff() : Staff(role);
        var customer = Customer() with { ConsentChange = consent };
        if (serving)
        {
            customer = customer.ServedByAgent();
        }

        return Outcome(Decide(Query(subject, customer, action, field)));
    }

    // LVL-5: level 3 may be used, in bulk too, by anyone whose role needs it; export only analyst and it.
    [Theory]
    [InlineData("agent", "view", "allow")]
    [InlineData("service", "view", "allow")]
    [InlineData("manager", "view", "allow")]
    [InlineData("clerk", "view", "allow")]
    [InlineData("analyst", "view", "allow")]
    [InlineData("it", "view", "allow")]
    [InlineData("head", "view", "allow")]
    [InlineData("none", "view", "no-permission")]
    [InlineData("agent", "list", "allow")]
    [InlineData("clerk", "list", "allow")]
    [InlineData("analyst", "list", "allow")]
    [InlineData("head", "list", "allow")]
    [InlineData("none", "list", "no-permission")]
    [InlineData("analyst", "export", "allow")]
    [InlineData("it", "export", "allow")]
    [InlineData("agent", "export", "no-permission")]
    [InlineData("service", "export", "no-permission")]
    [InlineData("manager", "export", "no-permission")]
    [InlineData("clerk", "export", "no-permission")]
    [InlineData("head", "export", "no-permission")]
    [InlineData("agent", "print", "allow")]
    [InlineData("analyst", "print", "allow")]
    [InlineData("clerk", "copy", "allow")]
    [InlineData("it", "copy", "allow")]
    [InlineData("head", "forward", "allow")]
    [InlineData("service", "forward", "allow")]
    [InlineData("none", "print", "no-permission")]
    [InlineData("clerk", "modify", "allow")]
    [InlineData("agent", "modify", "allow")]
    [InlineData("service", "modify", "allow")]
    [InlineData("manager", "modify", "allow")]
    [InlineData("analyst", "modify", "no-permission")]
    [InlineData("it", "modify", "no-permission")]
    [InlineData("head", "modify", "no-permission")]
    [InlineData("clerk", "share", "no-permission")]
    [InlineData("agent", "share", "no-permission")]
    public void LVL5_Level3_FollowsTable(string role, string action, string expected) =>
        Assert.Equal(expected, Cell(role, action, "gender"));

    // LVL-2, LVL-3: level 1 one record at a time, masked; never in bulk, printed, copied or forwarded.
    [Theory]
    [InlineData("agent", "view", "allow:hide-middle-4")]
    [InlineData("service", "view", "allow:hide-middle-4")]
    [InlineData("manager", "view", "allow:hide-middle-4")]
    [InlineData("clerk", "view", "allow:hide-middle-4")]
    [InlineData("analyst", "view", "no-permission")]
    [InlineData("it", "view", "no-permission")]
    [InlineData("head", "view", "no-permission")]
    [InlineData("none", "view", "no-permission")]
    [InlineData("agent", "list", "bulk-level-1")]
    [InlineData("clerk", "list", "bulk-level-1")]
    [InlineData("analyst", "list", "bulk-level-1")]
    [InlineData("it", "export", "bulk-level-1")]
    [InlineData("analyst", "export", "bulk-level-1")]
    [InlineData("clerk", "print", "no-permission")]
    [InlineData("agent", "copy", "no-permission")]
    [InlineData("manager", "forward", "no-permission")]
    [InlineData("clerk", "modify", "allow:hide-middle-4")]
    [InlineData("agent", "modify", "allow:hide-middle-4")]
    [InlineData("analyst", "modify", "no-permission")]
    [InlineData("clerk", "share", "no-permission")]
    public void LVL2_LVL3_Level1_FollowsTable(string role, string action, string expected) =>
        Assert.Equal(expected, Cell(role, action, "mobile"));

    // LVL-2: the masks of the catalogue; the name is level 1 and shown clear for an ordinary customer.
    [Theory]
    [InlineData("mobile", "hide-middle-4")]
    [InlineData("landline", "hide-middle-4")]
    [InlineData("email", "hide-middle-4")]
    [InlineData("address", "hide-middle-4")]
    [InlineData("idNumber", "hide-last-4")]
    [InlineData("bankAccount", "hide-middle-4")]
    [InlineData("name", null)]
    public void LVL2_Level1View_ReturnsCatalogueMask(string field, string? mask)
    {
        var decision = Decide(Query(Staff("clerk"), Customer(), "view", field));

        AssertAllowed(decision, mask);
        Assert.Equal(1, decision.Level);
    }

    // LVL-4: level 2 unmasked, only for serving roles who serve this customer.
    [Theory]
    [InlineData("agent", "view", true, "allow")]
    [InlineData("service", "view", true, "allow")]
    [InlineData("manager", "view", true, "allow")]
    [InlineData("agent", "view", false, "not-serving")]
    [InlineData("service", "view", false, "not-serving")]
    [InlineData("manager", "view", false, "not-serving")]
    [InlineData("clerk", "view", false, "not-serving")]
    [InlineData("analyst", "view", false, "not-serving")]
    [InlineData("clerk", "view", true, "no-permission")]
    [InlineData("head", "view", true, "no-permission")]
    [InlineData("none", "view", true, "no-permission")]
    [InlineData("none", "view", false, "no-permission")]
    [InlineData("agent", "list", true, "allow")]
    [InlineData("manager", "list", true, "allow")]
    [InlineData("agent", "list", false, "not-serving")]
    [InlineData("analyst", "list", false, "not-serving")]
    [InlineData("agent", "export", true, "no-permission")]
    [InlineData("it", "export", false, "no-permission")]
    [InlineData("agent", "print", true, "no-permission")]
    [InlineData("agent", "copy", true, "no-permission")]
    [InlineData("agent", "forward", true, "no-permission")]
    [InlineData("clerk", "modify", false, "allow")]
    [InlineData("agent", "modify", true, "allow")]
    [InlineData("head", "modify", false, "no-permission")]
    [InlineData("agent", "share", true, "no-permission")]
    public void LVL4_Level2_FollowsTable(string role, string action, bool serving, string expected) =>
        Assert.Equal(expected, Cell(role, action, "health", serving));

    // LVL-4: serving means agent, service person or one of servedBy of this customer.
    [Fact]
    public void LVL4_Level2View_AllowedForEveryWayOfServing()
    {
        var asServicePerson = Customer() with { ServicePerson = "u-1" };
        var asServedBy = Customer() with { ServedBy = ["u-5", "u-1"] };

        AssertAllowed(Decide(Query(Staff("service"), asServicePerson, "view", "family")), null);
        AssertAllowed(Decide(Query(Staff("manager"), asServedBy, "view", "finance")), null);
    }

    [Fact]
    public void LVL4_PolicyNumber_IsLevel2()
    {
        var decision = Decide(Query(Staff("clerk"), Customer(), "view", "policyNumber"));

        AssertDenied(decision, "not-serving");
        Assert.Equal(2, decision.Level);
    }

    // REQ-8, Art. 20: changing a customer's information needs the customer's consent.
    [Theory]
    [InlineData("clerk", "mobile")]
    [InlineData("agent", "health")]
    [InlineData("manager", "gender")]
    public void REQ8_Modify_DeniedNoConsent_WithoutConsentChange(string role, string field) =>
        Assert.Equal("no-consent", Cell(role, "modify", field, serving: true, consent: false));

    [Fact]
    public void REQ8_Modify_DeniedNoPermission_ForRoleThatCannotModify() =>
        Assert.Equal("no-permission", Cell("analyst", "modify", "gender", consent: false));

    // RBAC-1: roles are what counts; a user with several roles gets the union.
    [Fact]
    public void RBAC1_SeveralRoles_CombinePermissions()
    {
        // analyst alone may export level 3 but not view level 1; agent alone the other way round; together both.
        Assert.Equal("no-permission", Outcome(Decide(Query(Staff("analyst"), Customer(), "view", "mobile"))));
        Assert.Equal("no-permission", Outcome(Decide(Query(Staff("agent"), Customer(), "export", "age"))));

        var subject = Staff("agent", "analyst");

        Assert.Equal("allow", Outcome(Decide(Query(subject, Customer(), "export", "age"))));
        Assert.Equal("allow:hide-middle-4", Outcome(Decide(Query(subject, Customer(), "view", "mobile"))));
    }

    // RBAC-1: a role the table does not name gives nothing (names are case-sensitive).
    [Theory]
    [InlineData("wizard")]
    [InlineData("Agent")]
    public void RBAC1_UnknownRole_DeniedNoPermission(string role)
    {
        var decision = Baseline.Evaluate(Query(Staff(role), Customer().ServedByAgent(), "view", "mobile", "health", "gender"));

        Assert.All(decision.Fields, f => AssertDenied(f, "no-permission"));
    }
}
