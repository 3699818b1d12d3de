using BenchmarkDotNet.Attributes;
using Entitlements.Policy.Regulation;

namespace Entitlements.Benchmarks.Policy;

/// <summary>
/// The regulation baseline through <see cref="RegulationPolicy.Evaluate"/>: one five-field check per
/// operation. The setup checks the decision before anything is timed.
/// </summary>
[MemoryDiagnoser]
public class RegulationBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private RegulationPolicy _policy = null!;
    private AccessQuery _viewMasked = null!;

    [GlobalSetup(Target = nameof(RegulationViewMasked))]
    public void SetupViewMasked()
    {
        _policy = RegulationPolicy.Baseline();
        var subject = new SubjectFacts("u-1", "br1", ["br1", "hq"], ["clerk"], "staff", NdaSigned: true,
            DesignatedVipViewer: false, "active", UnitSuspended: false);
        var customer = new CustomerFacts("c-1", "br1", ["br1", "hq"], Vip: false, "u-9", "u-8", ["u-7"],
            ConsentThirdPartySharing: true, ConsentChange: true);
        _viewMasked = new AccessQuery(subject, customer, "view", "policy-admin",
            ["name", "mobile", "idNumber", "email", "gender"], Grant: null, GrantId: null, Now);

        var decision = _policy.Evaluate(_viewMasked);
        string?[] masks = [.. decision.Fields.Select(f => f.Mask)];
        if (decision.Decision != "allow" || !masks.SequenceEqual([null, "hide-middle-4", "hide-last-4", "hide-middle-4", null]))
        {
            throw new InvalidOperationException(
                $"{nameof(RegulationViewMasked)}: expected allow with masks [-, hide-middle-4, hide-last-4, hide-middle-4, -], got {decision.Decision} [{string.Join(", ", masks)}]");
        }
    }

    [Benchmark]
    public AccessDecision RegulationViewMasked() => _policy.Evaluate(_viewMasked);
}
