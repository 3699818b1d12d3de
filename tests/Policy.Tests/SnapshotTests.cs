namespace Entitlements.Policy.Tests;

public sealed class SnapshotTests
{
    private const string RbacModel = """
        [request_definition]
        r = sub, obj, act

        [policy_definition]
        p = sub, obj, act

        [role_definition]
        g = _, _

        [policy_effect]
        e = some(where (p.eft == allow))

        [matchers]
        m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act
        """;

    [Fact]
    public async Task BatchEnforce_NeverSeesHalfABatch_WhileBatchesAreAddedAndRemoved()
    {
        var e = new Enforcer(RbacModel, "p, alice, data1, read\n");
        IReadOnlyList<string>[] batch = [["bob", "data2", "read"], ["bob", "data3", "read"]];
        object?[][] requests = [["bob", "data2", "read"], ["bob", "data3", "read"]];
        using var stop = new CancellationTokenSource();
        var torn = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // BatchEnforce reads one snapshot: both rules are there or neither is.
                var decisions = e.BatchEnforce(requests);
                if (decisions[0] != decisions[1])
                {
                    Interlocked.Increment(ref torn);
                }
            }
        });

        for (var i = 0; i < 2000; i++)
        {
            Assert.True(e.AddPolicies(batch));
            Assert.True(e.RemovePolicies(batch));
        }

        await stop.CancelAsync();
        await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, torn);
        Assert.True(e.Enforce("alice", "data1", "read"));
    }

    [Fact]
    public void AddPolicies_ChangesNothing_WhenOneRuleExists()
    {
        var e = new Enforcer(RbacModel, "p, alice, data1, read\n");

        Assert.False(e.AddPolicies([["bob", "data2", "read"], ["alice", "data1", "read"]]));

        Assert.False(e.Enforce("bob", "data2", "read"));
        Assert.Single(e.GetPolicy());
    }

    [Fact]
    public void AddGroupingPolicy_ChangesNothing_WhenConstraintViolated()
    {
        const string model = """
            [request_definition]
            r = sub, obj, act
            [policy_definition]
            p = sub, obj, act
            [role_definition]
            g = _, _
            [constraint_definition]
            c = sod("role1", "role2")
            [policy_effect]
            e = some(where (p.eft == allow))
            [matchers]
            m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act
            """;
        var e = new Enforcer(model, "p, role2, data2, read\n");
        e.AddRoleForUser("alice", "role1");

        Assert.Throws<PolicyException>(() => e.AddRoleForUser("alice", "role2"));

        Assert.False(e.Enforce("alice", "data2", "read"));
        Assert.Equal(["role1"], e.GetRolesForUser("alice"));
    }

    [Fact]
    public void Enforce_AllocatesNothing_ForStringRequests()
    {
        var e = new Enforcer(RbacModel, string.Join('\n', Enumerable.Range(0, 200).Select(i => $"p, group{i}, data{i / 10}, read"))
            + "\n" + string.Join('\n', Enumerable.Range(0, 2000).Select(i => $"g, user{i}, group{i / 10}")));
        var acl = new Enforcer(TestModels.Basic, "p, alice, data1, read\np, bob, data2, write\n");
        // Steady state is what counts: the first calls fill per-snapshot memos (one of them on the second call).
        for (var i = 0; i < 3; i++)
        {
            Assert.True(acl.Enforce("alice", "data1", "read"));
            Assert.False(acl.Enforce("bob", "data1", "read"));
            Assert.True(e.Enforce("user101", "data1", "read"));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            acl.Enforce("alice", "data1", "read");
            acl.Enforce("bob", "data1", "read");
            e.Enforce("user101", "data1", "read");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
