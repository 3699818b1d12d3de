using Entitlements.Policy.Regulation;

namespace Entitlements.Grains;

/// <summary>Maps the serializable field catalogue of <see cref="PolicyDocument"/> to the engine's and back.</summary>
internal static class PolicyConversions
{
    public static Dictionary<string, FieldSpec> ToFieldSpecs(IReadOnlyDictionary<string, PolicyField> fields) =>
        fields.ToDictionary(f => f.Key, f => new FieldSpec(f.Value.Level, f.Value.Mask), StringComparer.Ordinal);

    public static Dictionary<string, PolicyField> ToPolicyFields(IReadOnlyDictionary<string, FieldSpec> fields) =>
        fields.ToDictionary(f => f.Key, f => new PolicyField(f.Value.Level, f.Value.Mask), StringComparer.Ordinal);

    public static PolicyDocument ToDocument(RegulationPolicy policy) =>
        new(policy.Model, policy.Policy, ToPolicyFields(policy.Fields), policy.Version);
}
