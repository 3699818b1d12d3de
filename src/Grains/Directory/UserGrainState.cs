namespace Entitlements.Grains.Directory;

/// <summary>Persisted state of <see cref="UserGrain"/>. Replaced as a whole on every write.</summary>
[GenerateSerializer, Alias("entitlements.UserGrainState")]
public sealed class UserGrainState
{
    [Id(0)] public UserDefinition? Definition { get; set; }
    [Id(1)] public string Status { get; set; } = UserStatuses.Active;
    [Id(2)] public long Version { get; set; }
}
