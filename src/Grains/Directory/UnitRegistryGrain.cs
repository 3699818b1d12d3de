namespace Entitlements.Grains.Directory;

/// <summary>
/// Every unit id ever stored (ORG-3 reports list the organisation). Key: <see cref="GrainKeys.UnitRegistry"/>.
/// A unit registers itself before its first write, so a stored unit is always listed.
/// </summary>
public sealed partial class UnitRegistryGrain(
    [PersistentState("units", EntitlementsNames.Storage)] IPersistentState<UnitRegistryGrainState> state,
    ILogger<UnitRegistryGrain> logger) : Grain, IUnitRegistryGrain
{
    private IReadOnlyList<string>? _sorted;

    public async Task RegisterAsync(string unitId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unitId);
        if (state.State.Units.Contains(unitId))
        {
            return;
        }

        await state.WriteOrRollbackAsync(new UnitRegistryGrainState { Units = [.. state.State.Units, unitId] });
        _sorted = null;
        LogUnitRegistered(logger, unitId, state.State.Units.Count);
    }

    public ValueTask<IReadOnlyList<string>> ListAsync() =>
        ValueTask.FromResult(_sorted ??= [.. state.State.Units.Order(StringComparer.Ordinal)]);
}
