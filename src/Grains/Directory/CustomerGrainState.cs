namespace Entitlements.Grains.Directory;

/// <summary>Persisted state of <see cref="CustomerGrain"/>. Replaced as a whole on every write.</summary>
[GenerateSerializer, Alias("entitlements.CustomerGrainState")]
public sealed class CustomerGrainState
{
    [Id(0)] public CustomerDefinition? Definition { get; set; }
    [Id(1)] public long Version { get; set; }
}
