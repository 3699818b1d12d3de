namespace Entitlements.Grains.Tests;

/// <summary>Directory grains: what is PUT comes back with derived state; bad input and rules refuse without writing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DirectoryGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.Client;

    [Fact]
    public async Task PutAsync_ReturnsRecordsWithDerivedState_ForUnitUserCustomer()
    {
        var s = await Scenario.CreateAsync(_grains);

        var unit = await _grains.GetUnit(s.Branch).GetAsync();
        var user = await _grains.GetUser(s.User).GetAsync();
        var customer = await _grains.GetCustomer(s.Customer).GetAsync();

        Assert.NotNull(unit);
        Assert.Equal((s.Root, UnitKinds.Branch, false), (unit.Parent, unit.Kind, unit.Suspended));
        Assert.NotNull(user);
        Assert.Equal((s.Branch, UserStatuses.Active, Employments.Staff), (user.Unit, user.Status, user.Employment));
        Assert.Equal(["agent"], user.Roles);
        Assert.NotNull(customer);
        Assert.Equal((s.Branch, s.User, false), (customer.Unit, customer.Agent, customer.Vip));
    }

    [Fact]
    public async Task GetAsync_ReturnsNull_ForUnknownIds()
    {
        var id = Guid.NewGuid().ToString("N");

        Assert.Null(await _grains.GetUnit(id).GetAsync());
        Assert.Null(await _grains.GetUser(id).GetAsync());
        Assert.Null(await _grains.GetCustomer(id).GetAsync());
    }

    [Fact]
    public async Task PutAsync_KeepsStatus_WhenUserIsPutAgain()
    {
        var s = await Scenario.CreateAsync(_grains);
        await _grains.GetUser(s.User).SetStatusAsync(UserStatuses.Handover);

        var again = await _grains.GetUser(s.User).PutAsync(Scenario.Staff(s.Branch, "clerk"));

        Assert.Equal(UserStatuses.Handover, again.Status);
        Assert.Equal(["clerk"], again.Roles);
    }

    [Fact]
    public async Task PutAsync_ThrowsUnknownReference_WhenUserUnitDoesNotExist()
    {
        var id = $"u-{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<UnknownReferenceException>(() =>
            _grains.GetUser(id).PutAsync(Scenario.Staff("no-such-unit", "agent")));

        Assert.Equal(("unit", "no-such-unit"), (error.Field, error.Id));
        Assert.Null(await _grains.GetUser(id).GetAsync());
    }

    [Fact]
    public async Task PutAsync_ThrowsUnknownReference_WhenCustomerUnitOrUnitParentDoesNotExist()
    {
        var customer = await Assert.ThrowsAsync<UnknownReferenceException>(() =>
            _grains.GetCustomer($"c-{Guid.NewGuid():N}").PutAsync(Scenario.CustomerOf("no-such-unit", vip: false, agent: null)));
        var unit = await Assert.ThrowsAsync<UnknownReferenceException>(() =>
            _grains.GetUnit($"x-{Guid.NewGuid():N}").PutAsync(Scenario.Unit("x", "no-such-unit", UnitKinds.Office)));

        Assert.Equal("unit", customer.Field);
        Assert.Equal("parent", unit.Field);
    }

    [Fact]
    public async Task PutAsync_ThrowsValidation_WhenParentWouldMakeACycle()
    {
        var s = await Scenario.CreateAsync(_grains);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            _grains.GetUnit(s.Root).PutAsync(Scenario.Unit("Head office", s.Branch, UnitKinds.Hq)));

        Assert.Equal("parent", error.Field);
        Assert.Null((await _grains.GetUnit(s.Root).GetAsync())!.Parent);
    }

    [Fact]
    public async Task PutAsync_AdmitsOneOfTwoOppositeMoves_WhenTheyRace()
    {
        // ORG-1: A under B and B under A at the same moment would close a cycle; the tree grain admits one.
        for (var round = 0; round < 20; round++)
        {
            var root = $"r-{Guid.NewGuid():N}";
            var a = $"a-{Guid.NewGuid():N}";
            var b = $"b-{Guid.NewGuid():N}";
            await _grains.GetUnit(root).PutAsync(Scenario.Unit("Root", null, UnitKinds.Hq));
            await _grains.GetUnit(a).PutAsync(Scenario.Unit("A", root, UnitKinds.Branch));
            await _grains.GetUnit(b).PutAsync(Scenario.Unit("B", root, UnitKinds.Branch));

            var moves = new[]
            {
                Capture(_grains.GetUnit(a).PutAsync(Scenario.Unit("A", b, UnitKinds.Branch))),
                Capture(_grains.GetUnit(b).PutAsync(Scenario.Unit("B", a, UnitKinds.Branch))),
            };
            var outcomes = await Task.WhenAll(moves);

            Assert.Single(outcomes, o => o is null);
            var refused = Assert.IsType<ValidationException>(Assert.Single(outcomes, o => o is not null));
            Assert.Equal("parent", refused.Field);
            var parents = new[] { (await _grains.GetUnit(a).GetAsync())!.Parent, (await _grains.GetUnit(b).GetAsync())!.Parent };
            Assert.Contains(root, parents);
        }

        static async Task<Exception?> Capture(Task task)
        {
            try
            {
                await task;
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("tags")]
    [InlineData("name")]
    public async Task PutAsync_ThrowsValidationNamingField_WhenUnitIsMalformed(string field)
    {
        var definition = field switch
        {
            "kind" => Scenario.Unit("x", null, "castle"),
            "tags" => Scenario.Unit("x", null, UnitKinds.Hq, "vip-lounge"),
            _ => Scenario.Unit(" ", null, UnitKinds.Hq),
        };

        var error = await Assert.ThrowsAsync<ValidationException>(() => _grains.GetUnit($"x-{Guid.NewGuid():N}").PutAsync(definition));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task PutAsync_ThrowsValidation_WhenEmploymentIsUnknown()
    {
        var s = await Scenario.CreateAsync(_grains);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            _grains.GetUser(s.User).PutAsync(Scenario.Staff(s.Branch, "agent") with { Employment = "contractor" }));

        Assert.Equal("employment", error.Field);
    }

    [Fact]
    public async Task StatusAndSuspension_ThrowNotFound_ForUnknownIds()
    {
        var id = Guid.NewGuid().ToString("N");

        var user = await Assert.ThrowsAsync<NotFoundException>(() => _grains.GetUser(id).SetStatusAsync(UserStatuses.Departed));
        var unit = await Assert.ThrowsAsync<NotFoundException>(() => _grains.GetUnit(id).SuspendAsync("i", "r"));

        Assert.Equal(("user", id), (user.Kind, user.Id));
        Assert.Equal(("unit", id), (unit.Kind, unit.Id));
    }

    [Fact]
    public async Task SuspendAsync_ThenReinstateAsync_FlipsSuspendedAndKeepsFirstReason()
    {
        var s = await Scenario.CreateAsync(_grains);
        var unit = _grains.GetUnit(s.Branch);

        await unit.SuspendAsync("inspection 1", "first");
        var suspended = await unit.SuspendAsync("inspection 2", "second");
        var reinstated = await unit.ReinstateAsync("fixed");

        Assert.True(suspended.Suspended);
        Assert.Equal("first", suspended.Suspension!.Reason);
        Assert.False(reinstated.Suspended);
        Assert.Null(reinstated.Suspension);
    }

    [Fact]
    public async Task VIP4_PutAsync_RefusesThirdDesignatedViewer_WithBlockingHolders()
    {
        var s = await Scenario.CreateAsync(_grains);
        var (first, second, third) = ($"{s.User}-v1", $"{s.User}-v2", $"{s.User}-v3");
        await _grains.GetUser(first).PutAsync(Scenario.Staff(s.Branch, "agent", designatedVipViewer: true));
        await _grains.GetUser(second).PutAsync(Scenario.Staff(s.Branch, "manager", designatedVipViewer: true));

        var error = await Assert.ThrowsAsync<RegulationConflictException>(() =>
            _grains.GetUser(third).PutAsync(Scenario.Staff(s.Branch, "agent", designatedVipViewer: true)));

        Assert.Equal([first, second], error.Blocking.Order(StringComparer.Ordinal));
        Assert.Null(await _grains.GetUser(third).GetAsync());
        Assert.Equal([first, second], (await _grains.GetUnit(s.Branch).GetAsync())!.VipViewers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task VIP4_PutAsync_FreesSeat_WhenViewerLosesDesignationOrMoves()
    {
        var s = await Scenario.CreateAsync(_grains);
        var (first, second, third) = ($"{s.User}-v1", $"{s.User}-v2", $"{s.User}-v3");
        await _grains.GetUser(first).PutAsync(Scenario.Staff(s.Branch, "agent", designatedVipViewer: true));
        await _grains.GetUser(second).PutAsync(Scenario.Staff(s.Branch, "agent", designatedVipViewer: true));

        await _grains.GetUser(first).PutAsync(Scenario.Staff(s.Root, "agent", designatedVipViewer: true));
        await _grains.GetUser(third).PutAsync(Scenario.Staff(s.Branch, "agent", designatedVipViewer: true));
        await _grains.GetUser(second).PutAsync(Scenario.Staff(s.Branch, "agent", designatedVipViewer: false));

        Assert.Equal([third], (await _grains.GetUnit(s.Branch).GetAsync())!.VipViewers);
        Assert.Equal([first], (await _grains.GetUnit(s.Root).GetAsync())!.VipViewers);
    }

    [Fact]
    public async Task VIP4_PutAsync_IsIdempotent_ForASeatHolder()
    {
        var s = await Scenario.CreateAsync(_grains);
        var (first, second) = ($"{s.User}-v1", $"{s.User}-v2");
        await _grains.GetUser(first).PutAsync(Scenario.Staff(s.Branch, "agent", designatedVipViewer: true));
        await _grains.GetUser(second).PutAsync(Scenario.Staff(s.Branch, "agent", designatedVipViewer: true));

        var again = await _grains.GetUser(first).PutAsync(Scenario.Staff(s.Branch, "manager", designatedVipViewer: true));

        Assert.True(again.DesignatedVipViewer);
        Assert.Equal(2, (await _grains.GetUnit(s.Branch).GetAsync())!.VipViewers.Count);
    }

    // ORG-3 (Art. 10): each unit names one security officer and one security contact; a unit without them is reported.
    [Fact]
    public async Task ORG3_UnitFindings_NameEmptyUnknownAndDepartedSeats()
    {
        var s = await Scenario.CreateAsync(_grains);
        var officer = $"officer-{Guid.NewGuid():N}";
        await _grains.GetUser(officer).PutAsync(Scenario.Staff(s.Branch, "head"));
        var report = _grains.GetUnitReport();

        Assert.Equal([UnitFindings.NoSecurityOfficer, UnitFindings.NoSecurityContact], (await report.GetAsync(s.Branch))!.Findings);

        var named = Scenario.Unit("Branch", s.Root, UnitKinds.Branch) with { SecurityOfficer = officer, SecurityContact = s.User };
        var judged = await report.JudgeAsync(await _grains.GetUnit(s.Branch).PutAsync(named));
        Assert.True(judged.Compliant);
        Assert.Empty(judged.Findings);

        await _grains.GetUser(s.User).SetStatusAsync(UserStatuses.Departed);
        await _grains.GetUnit(s.Branch).PutAsync(named with { SecurityOfficer = "nobody-" + officer });
        var after = (await report.GetAsync(s.Branch))!;
        Assert.False(after.Compliant);
        Assert.Equal([UnitFindings.SecurityOfficerUnknown, UnitFindings.SecurityContactDeparted], after.Findings);
    }

    // Art. 10: HQ departments, branches and subsidiaries name their own seats; the offices under a branch are in the
    // care of the branch's, so an office that names none is covered by the unit above it, and a branch never is.
    [Fact]
    public async Task ORG3_OfficeWithoutSeats_IsCoveredByItsBranch_ButABranchIsNotCoveredByHq()
    {
        var s = await Scenario.CreateAsync(_grains);
        var officer = $"officer-{Guid.NewGuid():N}";
        await _grains.GetUser(officer).PutAsync(Scenario.Staff(s.Branch, "head"));
        var office = $"office-{Guid.NewGuid():N}";
        await _grains.GetUnit(office).PutAsync(Scenario.Unit("Office", s.Branch, UnitKinds.Office));
        var report = _grains.GetUnitReport();

        Assert.Equal([UnitFindings.NoSecurityOfficer, UnitFindings.NoSecurityContact], (await report.GetAsync(office))!.Findings);

        await _grains.GetUnit(s.Root).PutAsync(Scenario.Unit("Head office", null, UnitKinds.Hq) with { SecurityOfficer = officer, SecurityContact = officer });
        Assert.Equal([UnitFindings.NoSecurityOfficer, UnitFindings.NoSecurityContact], (await report.GetAsync(s.Branch))!.Findings);

        await _grains.GetUnit(s.Branch).PutAsync(Scenario.Unit("Branch", s.Root, UnitKinds.Branch) with { SecurityOfficer = officer, SecurityContact = s.User });
        Assert.True((await report.GetAsync(office))!.Compliant);

        await _grains.GetUser(s.User).SetStatusAsync(UserStatuses.Departed);
        Assert.Equal([UnitFindings.SecurityContactDeparted], (await report.GetAsync(office))!.Findings);
    }

    [Fact]
    public async Task ORG3_UnitReport_ListsEveryStoredUnit_AndNoUnitWhosePutWasRefused()
    {
        var s = await Scenario.CreateAsync(_grains);
        var refused = $"orphan-{Guid.NewGuid():N}";
        await Assert.ThrowsAsync<UnknownReferenceException>(() =>
            _grains.GetUnit(refused).PutAsync(Scenario.Unit("Orphan", "no-such-parent-" + refused, UnitKinds.Office)));

        var listed = await _grains.GetUnitReport().ListAsync();

        var ids = listed.Select(u => u.Unit.Id).ToList();
        Assert.Contains(s.Root, ids);
        Assert.Contains(s.Branch, ids);
        Assert.DoesNotContain(refused, ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Null(await _grains.GetUnitReport().GetAsync(refused));
    }
}
