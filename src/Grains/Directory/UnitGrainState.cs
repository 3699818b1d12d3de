namespace Entitlements.Grains.Directory;

/// <summary>Persisted state of <see cref="UnitGrain"/>. Replaced as a whole on every write.</summary>
[GenerateSerializer, Alias("entitlements.UnitGrainState")]
public sealed class UnitGrainState
{
    [Id(0)] public UnitDefinition? Definition { get; set; }
    [Id(1)] public UnitSuspension? Suspension { get; set; }
    [Id(2)] public List<string> VipViewers { get; set; } = [];
    [Id(3)] public long Version { get; set; }
}
