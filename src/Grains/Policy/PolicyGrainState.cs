namespace Entitlements.Grains.Policy;

/// <summary>Persisted state of <see cref="PolicyGrain"/>: the document in force (null until the first activation stores the baseline).</summary>
[GenerateSerializer, Alias("entitlements.PolicyGrainState")]
public sealed class PolicyGrainState
{
    [Id(0)] public PolicyDocument? Document { get; set; }
}
