namespace Entitlements.Grains.Directory;

/// <summary>
/// ORG-3 judged from the directory as it is now: a unit's security officer and security contact must be named (for an
/// office, by it or by the units above it, Art. 10), be users the directory knows, and not have left. Reads only
/// (registry, units, users), never holds a lock a writer waits for; a unit's users are asked together, and a listing
/// asks the units together.
/// </summary>
[StatelessWorker]
public sealed class UnitReportGrain : Grain, IUnitReportGrain
{
    public async Task<UnitCompliance?> GetAsync(string unitId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unitId);
        return await GrainFactory.GetUnit(unitId).GetAsync() is { } unit ? await JudgeAsync(unit) : null;
    }

    public async Task<IReadOnlyList<UnitCompliance>> ListAsync()
    {
        var ids = await GrainFactory.GetUnitRegistry().ListAsync();
        var judged = await Task.WhenAll(ids.Select(GetAsync));
        // An id whose first PUT failed after it was registered names no unit.
        return [.. judged.OfType<UnitCompliance>()];
    }

    public async Task<UnitCompliance> JudgeAsync(UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var (officerId, contactId) = await SeatsAsync(unit);
        var officer = SeatAsync(officerId,
            UnitFindings.NoSecurityOfficer, UnitFindings.SecurityOfficerUnknown, UnitFindings.SecurityOfficerDeparted);
        var contact = SeatAsync(contactId,
            UnitFindings.NoSecurityContact, UnitFindings.SecurityContactUnknown, UnitFindings.SecurityContactDeparted);
        string?[] findings = [await officer, await contact];
        return new UnitCompliance(unit, [.. findings.OfType<string>()]);
    }

    /// <summary>
    /// The officer and contact who answer for <paramref name="unit"/>. Art. 10 asks every HQ department, branch and
    /// subsidiary to name its own; the offices under a branch are in the care of the branch's (or subsidiary's), so
    /// a seat an office leaves empty is held by the nearest unit above it that fills it.
    /// </summary>
    private async Task<(string? Officer, string? Contact)> SeatsAsync(UnitRecord unit)
    {
        var (officer, contact) = (unit.SecurityOfficer, unit.SecurityContact);
        var current = unit;
        // The tree has no cycles (ORG-1); the bound only keeps a corrupted store from looping.
        for (var depth = 0; depth < UnitGrain.MaxDepth && current.Kind == UnitKinds.Office && (officer is null || contact is null)
            && current.Parent is { } parent; depth++)
        {
            if (await GrainFactory.GetUnit(parent).GetAsync() is not { } above)
            {
                break;
            }

            (officer, contact, current) = (officer ?? above.SecurityOfficer, contact ?? above.SecurityContact, above);
        }

        return (officer, contact);
    }

    /// <summary>One seat: empty, naming nobody the directory knows, or held by someone who has left (HO-3).</summary>
    private async Task<string?> SeatAsync(string? userId, string empty, string unknown, string departed)
    {
        if (userId is null)
        {
            return empty;
        }

        var user = await GrainFactory.GetUser(userId).GetAsync();
        return user is null ? unknown
            : user.Status == UserStatuses.Departed ? departed
            : null;
    }
}
