namespace Entitlements.Grains.Directory;

/// <summary>Persisted state of <see cref="UnitRegistryGrain"/>.</summary>
[GenerateSerializer, Alias("entitlements.UnitRegistryGrainState")]
public sealed class UnitRegistryGrainState
{
    [Id(0)] public HashSet<string> Units { get; set; } = [];
}
