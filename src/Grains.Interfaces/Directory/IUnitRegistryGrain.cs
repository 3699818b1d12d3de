namespace Entitlements.Grains.Interfaces;

/// <summary>
/// The ids of every unit ever stored, so that the organisation can be listed and reported on (ORG-3). Key:
/// <see cref="GrainKeys.UnitRegistry"/>; one per cluster, persisted. Units are never deleted, so the list only grows;
/// an id registered by a PUT whose own write then failed is skipped by readers (the unit answers null).
/// </summary>
[Alias("entitlements.IUnitRegistryGrain")]
public interface IUnitRegistryGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="unitId"/> (idempotent: a known id costs no write).</summary>
    [Alias("Register")]
    Task RegisterAsync(string unitId);

    /// <summary>Every registered id, in ordinal order.</summary>
    [ReadOnly, Alias("List")]
    ValueTask<IReadOnlyList<string>> ListAsync();
}
