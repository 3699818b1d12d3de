namespace Entitlements.Grains.Tests;

/// <summary>
/// A fresh slice of the directory per test (ids carry a unique suffix): a root unit, a branch below it, a staff
/// agent in the branch and a customer the branch collected and the agent serves.
/// </summary>
public sealed record Scenario(string Root, string Branch, string User, string Customer)
{
    public static async Task<Scenario> CreateAsync(IGrainFactory grains)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var scenario = new Scenario($"hq-{suffix}", $"br-{suffix}", $"u-{suffix}", $"c-{suffix}");
        await grains.GetUnit(scenario.Root).PutAsync(Unit("Head office", parent: null, UnitKinds.Hq));
        await grains.GetUnit(scenario.Branch).PutAsync(Unit("Branch", scenario.Root, UnitKinds.Branch));
        await grains.GetUser(scenario.User).PutAsync(Staff(scenario.Branch, "agent"));
        await grains.GetCustomer(scenario.Customer).PutAsync(CustomerOf(scenario.Branch, vip: false, agent: scenario.User));
        return scenario;
    }

    public static UnitDefinition Unit(string name, string? parent, string kind, params string[] tags) =>
        new(name, parent, kind, SecurityOfficer: null, SecurityContact: null, tags);

    public static UserDefinition Staff(string unit, string role, bool designatedVipViewer = false) =>
        new(unit, [role], Employments.Staff, NdaSigned: true, designatedVipViewer);

    public static CustomerDefinition CustomerOf(string unit, bool vip, string? agent) =>
        new(unit, vip, agent, ServicePerson: null, ServedBy: [], new CustomerConsents(ThirdPartySharing: false, Change: true));

    /// <summary>A level-3 field that every role may view for a customer of its own unit (REQUIREMENTS section 11).</summary>
    public AccessCheckRequest ViewGender(string application = "crm") =>
        new(User, Customer, AccessActions.View, ["gender"], application);
}
