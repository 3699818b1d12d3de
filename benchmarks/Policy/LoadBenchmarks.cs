using BenchmarkDotNet.Attributes;
using Entitlements.Policy;

namespace Entitlements.Benchmarks.Policy;

/// <summary>
/// Building an enforcer from a 100,000-rule policy (10,000 p rules and 90,000 g rules in the
/// RbacLarge shape): CSV parsing, rule indexes and role links, per operation.
/// </summary>
[MemoryDiagnoser]
public class LoadBenchmarks
{
    private string _model = null!;
    private string _policy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = Data.Text("rbac_model.conf");
        _policy = Data.RbacPolicy(10_000, 90_000);
        var enforcer = new Enforcer(_model, _policy);
        Data.Expect(enforcer.Enforce("user50001", "data500", "read"), true, nameof(LoadRbac100k));
        Data.Expect(enforcer.Enforce("user50001", "data999", "read"), false, nameof(LoadRbac100k));
    }

    [Benchmark]
    public Enforcer LoadRbac100k() => new(_model, _policy);
}
