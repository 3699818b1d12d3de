using Entitlements.Policy.Regulation;

namespace Entitlements.Regulation.Tests;

/// <summary>RBAC-4: what a person's roles allow is answered by the policy itself, per kind of customer and action.</summary>
public sealed class EntitlementSummaryTests
{
    private static IReadOnlyList<AllowedAccess> Describe(SubjectFacts subject, string application = "mss") =>
        Scenario.Baseline.Describe(subject, application, Scenario.Now);

    private static string[] FieldsOf(IReadOnlyList<AllowedAccess> allows, string customers, string action) =>
        [.. allows.Where(a => a.Customers == customers && a.Action == action).SelectMany(a => a.Fields).Select(f => f.Field).Order(StringComparer.Ordinal)];

    [Fact]
    public void RBAC4_Agent_SeesLevel2OnlyOfCustomersItServes()
    {
        var allows = Describe(Scenario.Staff("agent"));

        Assert.Contains("health", FieldsOf(allows, EntitlementSummary.Served, "view"));
        Assert.DoesNotContain("health", FieldsOf(allows, EntitlementSummary.Unit, "view"));
        Assert.Contains("gender", FieldsOf(allows, EntitlementSummary.Unit, "view"));
    }

    [Fact]
    public void RBAC4_Level1IsReportedWithItsMask()
    {
        var view = Describe(Scenario.Staff("clerk")).Single(a => a.Customers == EntitlementSummary.Unit && a.Action == "view");

        Assert.Equal("hide-middle-4", view.Fields.Single(f => f.Field == "mobile").Mask);
        Assert.Equal("hide-last-4", view.Fields.Single(f => f.Field == "idNumber").Mask);
    }

    [Fact]
    public void RBAC4_ExportOfLevel3_IsReportedOnlyForAnalystAndIt()
    {
        Assert.Equal(["age", "gender"], FieldsOf(Describe(Scenario.Staff("analyst")), EntitlementSummary.Unit, "export"));
        Assert.Empty(FieldsOf(Describe(Scenario.Staff("agent")), EntitlementSummary.Unit, "export"));
    }

    [Fact]
    public void RBAC4_DepartedUser_IsAllowedNothing()
    {
        Assert.Empty(Describe(Scenario.Staff("agent") with { Status = "departed" }));
    }

    [Fact]
    public void RBAC4_Summary_FollowsAPolicyChange()
    {
        var baseline = Scenario.Baseline;
        var withoutExport = RegulationPolicy.Load(
            baseline.Model,
            string.Join('\n', baseline.Policy.Split('\n').Where(line => !line.StartsWith("p, level-3-export,", StringComparison.Ordinal))),
            baseline.Fields,
            baseline.Version + 1);

        var allows = withoutExport.Describe(Scenario.Staff("analyst"), "mss", Scenario.Now);

        Assert.Empty(FieldsOf(allows, EntitlementSummary.Unit, "export"));
    }
}
