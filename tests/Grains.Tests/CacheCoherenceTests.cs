namespace Entitlements.Grains.Tests;

/// <summary>
/// A change made through one silo is seen by the very next decision on the other: each test first makes the
/// other silo cache the old facts, then changes them, then checks there (no waiting in between).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CacheCoherenceTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public async Task HO3_Check_DeniesDeparted_OnOtherSiloRightAfterStatusChange(int writer, int reader)
    {
        var (w, r) = (fixture.Silo(writer), fixture.Silo(reader));
        var s = await Scenario.CreateAsync(w.Grains);
        await AssertAllowedAsync(r, s);

        await w.Grains.GetUser(s.User).SetStatusAsync(UserStatuses.Departed);
        var after = await r.Checker.CheckAsync(s.ViewGender(), "test");

        AssertDenied(after, "departed");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public async Task SUS_Check_DeniesUnitSuspended_OnOtherSiloRightAfterSuspension(int writer, int reader)
    {
        var (w, r) = (fixture.Silo(writer), fixture.Silo(reader));
        var s = await Scenario.CreateAsync(w.Grains);
        await AssertAllowedAsync(r, s);

        await w.Grains.GetUnit(s.Branch).SuspendAsync("inspection", "leak");
        var suspended = await r.Checker.CheckAsync(s.ViewGender(), "test");
        await w.Grains.GetUnit(s.Branch).ReinstateAsync("rectified");
        var reinstated = await r.Checker.CheckAsync(s.ViewGender(), "test");

        AssertDenied(suspended, "unit-suspended");
        Assert.Equal(Decisions.Allow, reinstated.Decision);
    }

    [Fact]
    public async Task SUS_Check_DeniesUnitSuspended_WhenAnAncestorIsSuspended()
    {
        var (w, r) = (fixture.Silo(0), fixture.Silo(1));
        var s = await Scenario.CreateAsync(w.Grains);
        await AssertAllowedAsync(r, s);

        await w.Grains.GetUnit(s.Root).SuspendAsync("inspection", "head office finding");
        var after = await r.Checker.CheckAsync(s.ViewGender(), "test");

        AssertDenied(after, "unit-suspended");
        await w.Grains.GetUnit(s.Root).ReinstateAsync("rectified");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public async Task VIP4_Check_DeniesVipRestricted_OnOtherSiloRightAfterCustomerBecomesVip(int writer, int reader)
    {
        var (w, r) = (fixture.Silo(writer), fixture.Silo(reader));
        var s = await Scenario.CreateAsync(w.Grains);
        await AssertAllowedAsync(r, s);

        await w.Grains.GetCustomer(s.Customer).PutAsync(Scenario.CustomerOf(s.Branch, vip: true, agent: s.User));
        var after = await r.Checker.CheckAsync(s.ViewGender(application: "crm"), "test");

        AssertDenied(after, "vip-restricted");
    }

    [Fact]
    public async Task RBAC2_Check_DeniesOtherUnit_OnOtherSiloRightAfterUserMoves()
    {
        var (w, r) = (fixture.Silo(0), fixture.Silo(1));
        var s = await Scenario.CreateAsync(w.Grains);
        var elsewhere = $"{s.Root}-other";
        await w.Grains.GetUnit(elsewhere).PutAsync(Scenario.Unit("Other branch", s.Root, UnitKinds.Branch));
        await AssertAllowedAsync(r, s);

        await w.Grains.GetUser(s.User).PutAsync(Scenario.Staff(elsewhere, "agent"));
        var after = await r.Checker.CheckAsync(s.ViewGender(), "test");

        AssertDenied(after, "other-unit");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public async Task LVL1_Check_UsesReplacedPolicy_OnOtherSiloRightAfterPut(int writer, int reader)
    {
        var (w, r) = (fixture.Silo(writer), fixture.Silo(reader));
        var s = await Scenario.CreateAsync(w.Grains);
        var field = $"f{Guid.NewGuid():N}";
        var request = s.ViewGender() with { Fields = [field] };
        var before = await r.Checker.CheckAsync(request, "test");

        var current = await w.Grains.GetPolicy().GetAsync();
        var fields = current.Fields.ToDictionary(f => f.Key, f => f.Value);
        fields[field] = new PolicyField(3, null);
        var replaced = await w.Grains.GetPolicy().ReplaceAsync(current with { Fields = fields });
        var after = await r.Checker.CheckAsync(request, "test");

        Assert.Equal("unknown-field", Assert.Single(before.Fields).Reason);
        Assert.Equal(current.Version + 1, replaced.Version);
        Assert.Equal(replaced.Version, after.PolicyVersion);
        Assert.Equal(Decisions.Allow, after.Decision);
        Assert.Equal(3, Assert.Single(after.Fields).Level);
    }

    [Fact]
    public async Task HO3_Check_DeniesDeparted_AfterInvalidationHubWasDeactivated()
    {
        var (w, r) = (fixture.Silo(0), fixture.Silo(1));
        var s = await Scenario.CreateAsync(w.Grains);
        await AssertAllowedAsync(r, s);

        // The re-activated hub must still know both silos' caches from its persisted registry.
        await fixture.Cluster.DeactivateAsync(fixture.Cluster.Client.GetInvalidationHub());
        await w.Grains.GetUser(s.User).SetStatusAsync(UserStatuses.Departed);
        var after = await r.Checker.CheckAsync(s.ViewGender(), "test");

        AssertDenied(after, "departed");
    }

    private static async Task AssertAllowedAsync(SiloView silo, Scenario s)
    {
        // Twice: the first fills the reader's cache, the second is answered from it.
        for (var i = 0; i < 2; i++)
        {
            var response = await silo.Checker.CheckAsync(s.ViewGender(), "test");
            Assert.True(response.Decision == Decisions.Allow, $"expected allow before the change, got {Describe(response)}");
        }

        Assert.True(silo.Cache.HasLease, "the reader's cache holds no lease, so this test would not exercise invalidation");
    }

    private static void AssertDenied(AccessCheckResponse response, string reason)
    {
        Assert.True(response.Decision == Decisions.Deny, $"expected deny ({reason}), got {Describe(response)}");
        Assert.All(response.Fields, f => Assert.Equal(reason, f.Reason));
    }

    private static string Describe(AccessCheckResponse r) =>
        $"{r.Decision} [{string.Join(", ", r.Fields.Select(f => $"{f.Field}:{f.Effect}:{f.Reason}"))}]";
}
