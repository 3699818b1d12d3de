using Entitlements.Policy.Functions;
using Entitlements.Policy.Rbac;

namespace Entitlements.Policy.Tests.Rbac;

public sealed class DefaultRoleManagerTests
{
    [Fact]
    public void HasLink_True_WhenNamesEqualWithoutAnyLink() =>
        Assert.True(new DefaultRoleManager().HasLink("ghost", "ghost", "nowhere"));

    [Theory]
    [InlineData(1, "level1", true)]
    [InlineData(1, "level2", false)]
    [InlineData(2, "level2", true)]
    [InlineData(2, "level3", false)]
    [InlineData(3, "level3", true)]
    [InlineData(0, "level1", false)]
    public void HasLink_FollowsAtMostMaxHierarchyLevelHops(int maxLevel, string role, bool expected)
    {
        var rm = new DefaultRoleManager(maxLevel);
        rm.AddLink("level0", "level1");
        rm.AddLink("level1", "level2");
        rm.AddLink("level2", "level3");

        Assert.Equal(expected, rm.HasLink("level0", role));
    }

    [Fact]
    public void HasLink_FindsShortestPath_WhenLongerPathExceedsLimit()
    {
        var rm = new DefaultRoleManager(2);
        rm.AddLink("u", "a");
        rm.AddLink("a", "b");
        rm.AddLink("b", "target");
        rm.AddLink("u", "c");
        rm.AddLink("c", "target");

        Assert.True(rm.HasLink("u", "target"));
    }

    [Fact]
    public void Queries_Terminate_WhenGraphHasCycle()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("a", "b");
        rm.AddLink("b", "c");
        rm.AddLink("c", "a");

        Assert.True(rm.HasLink("a", "c"));
        Assert.False(rm.HasLink("a", "elsewhere"));
        Assert.Equal(["b", "c"], rm.GetImplicitRoles("a"));
        Assert.Equal(["c", "b"], rm.GetImplicitUsers("a"));
    }

    [Fact]
    public void Queries_Terminate_WhenGraphHasCycleAndPatterns()
    {
        var rm = new DefaultRoleManager();
        rm.AddMatchingFunction("keyMatch", BuiltinFunctions.KeyMatch);
        rm.AddLink("a*", "b");
        rm.AddLink("b", "a1");

        Assert.True(rm.HasLink("a1", "b"));
        Assert.False(rm.HasLink("a1", "zzz"));
        Assert.Contains("b", rm.GetImplicitRoles("a1"));
    }

    [Fact]
    public void GetImplicitRoles_ReturnsBfsOrderWithoutStart_BoundedByLevel()
    {
        var rm = new DefaultRoleManager(2);
        rm.AddLink("u", "r1");
        rm.AddLink("r1", "r2");
        rm.AddLink("r2", "r3");

        Assert.Equal(["r1", "r2"], rm.GetImplicitRoles("u"));
        Assert.Equal(["r2", "r1"], rm.GetImplicitUsers("r3"));
    }

    [Fact]
    public void GetRolesAndUsers_ReturnDirectLinksOnly()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("u", "r1");
        rm.AddLink("r1", "r2");

        Assert.Equal(["r1"], rm.GetRoles("u"));
        Assert.Equal(["r1"], rm.GetUsers("r2"));
        Assert.Empty(rm.GetRoles("unknown"));
        Assert.Empty(rm.GetUsers("unknown"));
    }

    [Fact]
    public void AddLink_IsIdempotent()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("u", "r");
        rm.AddLink("u", "r");

        Assert.Equal(["r"], rm.GetRoles("u"));
        Assert.Equal(["u"], rm.GetUsers("r"));
    }

    [Fact]
    public void Domains_AreIndependentGraphs()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "admin", "d1");
        rm.AddLink("bob", "admin", "d2");

        Assert.True(rm.HasLink("alice", "admin", "d1"));
        Assert.False(rm.HasLink("alice", "admin", "d2"));
        Assert.False(rm.HasLink("alice", "admin"));
        Assert.Equal(["d1"], rm.GetDomains("alice"));
        Assert.Equal(["d1", "d2"], rm.GetDomains("admin"));
        Assert.Equal(["d1", "d2"], rm.GetAllDomains());
    }

    [Fact]
    public void Star_IsOrdinaryDomain_WithoutDomainMatchingFunction()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "admin", "*");

        Assert.False(rm.HasLink("alice", "admin", "d1"));
        Assert.True(rm.HasLink("alice", "admin", "*"));
    }

    [Fact]
    public void DeleteDomain_RemovesItsLinks()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "admin", "d1");
        rm.AddLink("alice", "admin", "d2");
        rm.DeleteDomain("d1");

        Assert.False(rm.HasLink("alice", "admin", "d1"));
        Assert.True(rm.HasLink("alice", "admin", "d2"));
        Assert.Equal(["d2"], rm.GetAllDomains());
    }

    [Fact]
    public void PatternName_GivesItsRolesToEveryMatchingName()
    {
        var rm = new DefaultRoleManager();
        rm.AddMatchingFunction("keyMatch2", BuiltinFunctions.KeyMatch2);
        rm.AddLink("/book/:id", "book_group");

        Assert.True(rm.HasLink("/book/1", "book_group"));
        Assert.False(rm.HasLink("/pen/1", "book_group"));
        Assert.Equal(["book_group"], rm.GetRoles("/book/7"));
    }

    [Fact]
    public void PatternRole_IsHeldDirectly_WhenNameMatchesIt()
    {
        var rm = new DefaultRoleManager();
        rm.AddMatchingFunction("keyMatch2", BuiltinFunctions.KeyMatch2);

        Assert.True(rm.HasLink("/book/1", "/book/:id"));
    }

    [Fact]
    public void PatternRole_BringsEveryStoredNameItMatches()
    {
        var rm = new DefaultRoleManager();
        rm.AddMatchingFunction("regexMatch", BuiltinFunctions.RegexMatch);
        rm.AddLink("alice", "g\\d+");
        rm.AddLink("g1", "root");

        Assert.True(rm.HasLink("alice", "root"));
        Assert.True(rm.HasLink("alice", "g2"));
    }

    [Fact]
    public void AddMatchingFunction_ReplacesPreviousFunction()
    {
        var rm = new DefaultRoleManager();
        rm.AddMatchingFunction("keyMatch2", BuiltinFunctions.KeyMatch2);
        rm.AddLink("/book/:id", "book_group");
        Assert.True(rm.HasLink("/book/1", "book_group"));

        rm.AddMatchingFunction("keyMatch", BuiltinFunctions.KeyMatch);

        Assert.False(rm.HasLink("/book/1", "book_group"));
    }

    [Fact]
    public void Clear_KeepsMatchingFunction()
    {
        var rm = new DefaultRoleManager();
        rm.AddMatchingFunction("keyMatch2", BuiltinFunctions.KeyMatch2);
        rm.AddLink("/book/:id", "book_group");
        rm.Clear();
        Assert.False(rm.HasLink("/book/1", "book_group"));

        rm.AddLink("/book/:id", "book_group");

        Assert.True(rm.HasLink("/book/1", "book_group"));
    }

    [Fact]
    public void PatternDomain_LinksReachDomainsCreatedLater()
    {
        var rm = new DefaultRoleManager();
        rm.AddDomainMatchingFunction("keyMatch", BuiltinFunctions.KeyMatch);
        rm.AddLink("alice", "editor", "*");
        rm.AddLink("editor", "admin", "domain1");

        Assert.True(rm.HasLink("alice", "admin", "domain1"));
        Assert.True(rm.HasLink("alice", "editor", "never-written"));
        Assert.False(rm.HasLink("alice", "admin", "domain2"));
        Assert.Equal(["editor"], rm.GetRoles("alice", "domain1"));
    }

    [Fact]
    public void PatternDomain_LinksReachExistingDomains()
    {
        var rm = new DefaultRoleManager();
        rm.AddDomainMatchingFunction("keyMatch", BuiltinFunctions.KeyMatch);
        rm.AddLink("editor", "admin", "domain1");
        rm.AddLink("alice", "editor", "domain*");

        Assert.True(rm.HasLink("alice", "admin", "domain1"));
    }

    [Fact]
    public void PatternDomain_DeleteLinkRemovesCopies()
    {
        var rm = new DefaultRoleManager();
        rm.AddDomainMatchingFunction("keyMatch", BuiltinFunctions.KeyMatch);
        rm.AddLink("editor", "admin", "domain1");
        rm.AddLink("alice", "editor", "*");
        rm.DeleteLink("alice", "editor", "*");

        Assert.False(rm.HasLink("alice", "admin", "domain1"));
    }

    [Fact]
    public void AddDomainMatchingFunction_AppliesToLinksAddedBefore()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "editor", "*");
        rm.AddLink("editor", "admin", "domain1");
        Assert.False(rm.HasLink("alice", "admin", "domain1"));

        rm.AddDomainMatchingFunction("keyMatch", BuiltinFunctions.KeyMatch);

        Assert.True(rm.HasLink("alice", "admin", "domain1"));
        Assert.True(rm.MatchDomain("domain1", "*"));
    }

    [Fact]
    public void ConditionalLink_PassesOnlyWhileConditionHolds()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var rm = new DefaultRoleManager(10, clock);
        rm.AddLink("alice", "admin", "", ["2024-01-01 00:00:00", "2024-12-31 00:00:00"]);
        rm.SetLinkCondition("alice", "admin", "", BuiltinFunctions.TimeMatchCondition);
        Assert.True(rm.HasLink("alice", "admin"));
        Assert.Equal(["admin"], rm.GetRoles("alice"));

        clock.Now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.False(rm.HasLink("alice", "admin"));
        Assert.Empty(rm.GetRoles("alice"));
        Assert.Empty(rm.GetUsers("admin"));
        Assert.Empty(rm.GetImplicitRoles("alice"));
    }

    [Fact]
    public void HasLink_UsesExplicitTime_WhenGiven()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "admin", "d1", ["_", "2024-01-01 00:00:00"]);
        rm.SetLinkCondition("alice", "admin", "d1", BuiltinFunctions.TimeMatchCondition);

        Assert.True(rm.HasLink("alice", "admin", "d1", new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(rm.HasLink("alice", "admin", "d1", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void ConditionalLink_WithoutCondition_AlwaysPasses()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "admin", "", ["0000-01-01 00:00:00", "0000-01-02 00:00:00"]);

        Assert.True(rm.HasLink("alice", "admin"));
    }

    [Fact]
    public void ConditionalLink_Fails_WhenConditionThrows()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "admin", "", ["not a time", "_"]);
        rm.SetLinkCondition("alice", "admin", "", BuiltinFunctions.TimeMatchCondition);

        Assert.False(rm.HasLink("alice", "admin"));
    }

    [Fact]
    public void HasLink_ChecksDomainConditionOnFirstHopOnly_LikeReference()
    {
        LinkConditionFunction never = (_, _) => false;
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "direct", "d1");
        rm.AddLink("alice", "middle", "d1");
        rm.AddLink("middle", "deep", "d1");
        rm.SetLinkCondition("alice", "direct", "d1", never);
        rm.SetLinkCondition("middle", "deep", "d1", never);

        Assert.False(rm.HasLink("alice", "direct", "d1"));
        Assert.True(rm.HasLink("alice", "deep", "d1"));
        Assert.False(rm.HasLink("middle", "deep", "d1"));
    }

    [Fact]
    public void ConditionParameters_ArePassedToCondition()
    {
        IReadOnlyList<string>? seen = null;
        var rm = new DefaultRoleManager();
        rm.AddLinks([new RoleLink("alice", "admin", "d1", ["x", "y"])]);
        rm.SetLinkCondition("alice", "admin", "d1", (p, _) =>
        {
            seen = p;
            return true;
        });

        Assert.True(rm.HasLink("alice", "admin", "d1"));
        Assert.Equal(["x", "y"], seen);
    }

    [Fact]
    public void Clone_IsIsolatedFromSource_InBothDirections()
    {
        var source = new DefaultRoleManager();
        source.AddLink("alice", "admin");
        var clone = source.Clone();

        clone.AddLink("bob", "admin");
        source.DeleteLink("alice", "admin");

        Assert.True(clone.HasLink("alice", "admin"));
        Assert.True(clone.HasLink("bob", "admin"));
        Assert.False(source.HasLink("alice", "admin"));
        Assert.False(source.HasLink("bob", "admin"));
    }

    [Fact]
    public void Clone_KeepsMatchingFunctionsAndLimit()
    {
        var source = new DefaultRoleManager(1);
        source.AddMatchingFunction("keyMatch2", BuiltinFunctions.KeyMatch2);
        var clone = source.Clone();
        clone.AddLink("/book/:id", "book_group");

        Assert.Equal(1, clone.MaxHierarchyLevel);
        Assert.True(clone.HasLink("/book/1", "book_group"));
    }

    [Fact]
    public async Task Snapshot_ReadsStayConsistent_WhileSourceChangesConcurrently()
    {
        var source = new DefaultRoleManager();
        for (var i = 0; i < 1000; i++)
        {
            source.AddLink($"user{i}", $"group{i / 10}");
            source.AddLink($"group{i / 10}", "everyone");
        }

        var snapshot = source.Clone();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var round = 0; !stop.IsCancellationRequested && round < 200; round++)
            {
                source.DeleteLink($"group{round % 100}", "everyone");
                source.AddLink($"group{round % 100}", "everyone");
            }
        });

        var failures = 0;
        Parallel.For(0, 20_000, i =>
        {
            if (!snapshot.HasLink($"user{i % 1000}", "everyone"))
            {
                Interlocked.Increment(ref failures);
            }
        });
        await stop.CancelAsync();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, failures);
    }

    [Fact]
    public void HasLink_AnswersOnLargeGraph()
    {
        var rm = new DefaultRoleManager();
        var links = new List<RoleLink>(20_000);
        for (var i = 0; i < 20_000; i++)
        {
            links.Add(new RoleLink($"user{i}", $"group{i / 10}"));
        }

        rm.AddLinks(links);

        Assert.True(rm.HasLink("user15001", "group1500"));
        Assert.False(rm.HasLink("user15001", "group1999"));
    }

    [Fact]
    public void Writes_AreVisibleToNextRead_AndToClones()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "admin");
        Assert.True(rm.HasLink("alice", "admin"));

        rm.AddLink("bob", "admin");
        var clone = rm.Clone();
        rm.DeleteLink("bob", "admin");

        Assert.True(clone.HasLink("bob", "admin"));
        Assert.False(rm.HasLink("bob", "admin"));
    }

    [Fact]
    public void Write_LeavesManagerUnchanged_WhenMatchingFunctionThrows()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "admin");
        rm.AddMatchingFunction("bad", (name, _) => name == "boom" ? throw new EvaluationException("boom") : false);

        Assert.Throws<EvaluationException>(() => rm.AddLink("boom", "admin"));

        Assert.Equal(["alice"], rm.GetUsers("admin"));
        Assert.Equal([""], rm.GetAllDomains());
    }

    [Fact]
    public void HasLink_DoesNotAllocate_OnPlainGraph()
    {
        var rm = new DefaultRoleManager();
        rm.AddLink("alice", "editors", "d1");
        rm.AddLink("editors", "staff", "d1");
        rm.AddLink("staff", "everyone", "d1");
        var hit = rm.HasLink("alice", "everyone", "d1") && !rm.HasLink("alice", "nobody", "d1");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            hit &= rm.HasLink("alice", "everyone", "d1") && rm.HasLink("alice", "editors", "d1") && !rm.HasLink("alice", "nobody", "d1");
        }

        Assert.True(hit);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
