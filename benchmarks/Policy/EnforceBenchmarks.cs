using BenchmarkDotNet.Attributes;
using Entitlements.Policy;

namespace Entitlements.Benchmarks.Policy;

/// <summary>
/// One decision per operation, in the shapes of the reference implementation's own benchmarks
/// (casbin <c>model_b_test.go</c>). Each setup checks the expected decision before anything is timed.
/// </summary>
[MemoryDiagnoser]
public class EnforceBenchmarks
{
    private Enforcer _acl = null!;
    private Enforcer _rbac = null!;
    private Enforcer _rbacSmall = null!;
    private Enforcer _rbacMedium = null!;
    private Enforcer _rbacLarge = null!;
    private Enforcer _rbacWithDomains = null!;
    private Enforcer _abac = null!;
    private Enforcer _keyMatch = null!;
    private Enforcer _denyOverride = null!;
    private Enforcer _priority = null!;
    private readonly AbacResource _data1 = new("data1", "alice");

    /// <summary>The object of the ABAC request: <c>r.obj.Owner</c> is read from it.</summary>
    public sealed record AbacResource(string Name, string Owner);

    [GlobalSetup(Target = nameof(Acl))]
    public void SetupAcl()
    {
        _acl = Data.Load("basic_model.conf", "basic_policy.csv");
        Data.Expect(_acl.Enforce("alice", "data1", "read"), true, nameof(Acl));
    }

    [Benchmark]
    public bool Acl() => _acl.Enforce("alice", "data1", "read");

    [GlobalSetup(Target = nameof(Rbac))]
    public void SetupRbac()
    {
        _rbac = Data.Load("rbac_model.conf", "rbac_policy.csv");
        Data.Expect(_rbac.Enforce("alice", "data2", "read"), true, nameof(Rbac));
    }

    [Benchmark]
    public bool Rbac() => _rbac.Enforce("alice", "data2", "read");

    // user501 is in group50, which may read data5 only: the request is denied after every
    // rule that could match has been considered (the reference scans all 100 p rules).
    [GlobalSetup(Target = nameof(RbacSmall))]
    public void SetupRbacSmall()
    {
        _rbacSmall = new Enforcer(Data.Text("rbac_model.conf"), Data.RbacPolicy(100, 1_000));
        Data.Expect(_rbacSmall.Enforce("user501", "data9", "read"), false, nameof(RbacSmall));
    }

    [Benchmark]
    public bool RbacSmall() => _rbacSmall.Enforce("user501", "data9", "read");

    [GlobalSetup(Target = nameof(RbacMedium))]
    public void SetupRbacMedium()
    {
        _rbacMedium = new Enforcer(Data.Text("rbac_model.conf"), Data.RbacPolicy(1_000, 10_000));
        Data.Expect(_rbacMedium.Enforce("user5001", "data99", "read"), false, nameof(RbacMedium));
    }

    [Benchmark]
    public bool RbacMedium() => _rbacMedium.Enforce("user5001", "data99", "read");

    [GlobalSetup(Target = nameof(RbacLarge))]
    public void SetupRbacLarge()
    {
        _rbacLarge = new Enforcer(Data.Text("rbac_model.conf"), Data.RbacPolicy(10_000, 100_000));
        Data.Expect(_rbacLarge.Enforce("user50001", "data999", "read"), false, nameof(RbacLarge));
    }

    [Benchmark]
    public bool RbacLarge() => _rbacLarge.Enforce("user50001", "data999", "read");

    [GlobalSetup(Target = nameof(RbacWithDomains))]
    public void SetupRbacWithDomains()
    {
        _rbacWithDomains = Data.Load("rbac_with_domains_model.conf", "rbac_with_domains_policy.csv");
        Data.Expect(_rbacWithDomains.Enforce("alice", "domain1", "data1", "read"), true, nameof(RbacWithDomains));
    }

    [Benchmark]
    public bool RbacWithDomains() => _rbacWithDomains.Enforce("alice", "domain1", "data1", "read");

    [GlobalSetup(Target = nameof(Abac))]
    public void SetupAbac()
    {
        _abac = new Enforcer(Data.Text("abac_model.conf"));
        Data.Expect(_abac.Enforce("alice", _data1, "read"), true, nameof(Abac));
    }

    [Benchmark]
    public bool Abac() => _abac.Enforce("alice", _data1, "read");

    [GlobalSetup(Target = nameof(KeyMatch))]
    public void SetupKeyMatch()
    {
        _keyMatch = Data.Load("keymatch_model.conf", "keymatch_policy.csv");
        Data.Expect(_keyMatch.Enforce("alice", "/alice_data/resource1", "GET"), true, nameof(KeyMatch));
    }

    [Benchmark]
    public bool KeyMatch() => _keyMatch.Enforce("alice", "/alice_data/resource1", "GET");

    [GlobalSetup(Target = nameof(DenyOverride))]
    public void SetupDenyOverride()
    {
        _denyOverride = Data.Load("rbac_with_deny_model.conf", "rbac_with_deny_policy.csv");
        Data.Expect(_denyOverride.Enforce("alice", "data1", "read"), true, nameof(DenyOverride));
    }

    [Benchmark]
    public bool DenyOverride() => _denyOverride.Enforce("alice", "data1", "read");

    [GlobalSetup(Target = nameof(Priority))]
    public void SetupPriority()
    {
        _priority = Data.Load("priority_model.conf", "priority_policy.csv");
        Data.Expect(_priority.Enforce("alice", "data1", "read"), true, nameof(Priority));
    }

    [Benchmark]
    public bool Priority() => _priority.Enforce("alice", "data1", "read");
}
