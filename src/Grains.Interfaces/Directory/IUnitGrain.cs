namespace Entitlements.Grains.Interfaces;

/// <summary>
/// One unit of the organisation tree (ORG-1, ORG-3): tree position, security officer and contact, tags,
/// suspension (Art. 23) and the designated-VIP-viewer seats (VIP-4). Key: the unit id.
/// </summary>
[Alias("entitlements.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the unit. Throws <see cref="ValidationException"/> (unknown or cyclic <c>parent</c>, bad kind or tag).</summary>
    [Alias("Put")]
    Task<UnitRecord> PutAsync(UnitDefinition definition);

    /// <summary>The unit, or null when it was never PUT.</summary>
    [ReadOnly, Alias("Get")]
    ValueTask<UnitRecord?> GetAsync();

    /// <summary>The parent id (null for a root) or throws <see cref="NotFoundException"/>; interleaves so tree walks never deadlock.</summary>
    [AlwaysInterleave, Alias("GetParent")]
    ValueTask<string?> GetParentAsync();

    /// <summary>Suspends the unit (idempotent: a second call keeps the first reason). Throws <see cref="NotFoundException"/>.</summary>
    [Alias("Suspend")]
    Task<UnitRecord> SuspendAsync(string inspection, string reason);

    /// <summary>Lifts a suspension (idempotent). Throws <see cref="NotFoundException"/>.</summary>
    [Alias("Reinstate")]
    Task<UnitRecord> ReinstateAsync(string rectification);

    /// <summary>
    /// Gives <paramref name="userId"/> one of the unit's two designated-VIP-viewer seats (idempotent for a holder).
    /// Throws <see cref="RegulationConflictException"/> listing the holders when both are taken, <see cref="NotFoundException"/> for an unknown unit.
    /// </summary>
    [Alias("ClaimVipSeat")]
    Task ClaimVipSeatAsync(string userId);

    /// <summary>Frees <paramref name="userId"/>'s seat, if any.</summary>
    [Alias("ReleaseVipSeat")]
    Task ReleaseVipSeatAsync(string userId);
}
