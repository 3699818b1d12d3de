namespace Entitlements.Grains.Directory;

/// <summary>
/// ORG-3 judged from the directory as it is now: a unit's security officer and security contact must be named, be
/// users the directory knows, and not have left. Reads only (registry, units, users), never holds a lock a writer waits
/// for; a unit's users are asked together, and a listing asks the units together.
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
        var officer = SeatAsync(unit.SecurityOfficer,
            UnitFindings.NoSecurityOfficer, UnitFindings.SecurityOfficerUnknown, UnitFindings.SecurityOfficerDeparted);
        var contact = SeatAsync(unit.SecurityContact,
            UnitFindings.NoSecurityContact, UnitFindings.SecurityContactUnknown, UnitFindings.SecurityContactDeparted);
        string?[] findings = [await officer, await contact];
        return new UnitCompliance(unit, [.. findings.OfType<string>()]);
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
