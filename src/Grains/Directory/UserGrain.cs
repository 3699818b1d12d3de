namespace Entitlements.Grains.Directory;

/// <summary>
/// One user. Key: the user id; lives while used. Owns the user's definition and status. A designated VIP viewer
/// holds a seat in their unit's <see cref="IUnitGrain"/>: the seat is claimed before the user is written and the
/// old one released after, so a refused seat (409) leaves nothing written.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", EntitlementsNames.Storage)] IPersistentState<UserGrainState> state,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<UserRecord> PutAsync(UserDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var normalized = Validate(definition);
        var unit = GrainFactory.GetUnit(normalized.Unit);
        if (await unit.GetAsync() is null)
        {
            throw new UnknownReferenceException("unit", "unit", normalized.Unit);
        }

        var current = state.State;
        var previous = current.Definition;
        var seatHeldElsewhere = previous is { DesignatedVipViewer: true } && !string.Equals(previous.Unit, normalized.Unit, StringComparison.Ordinal);
        var claimed = false;
        if (normalized.DesignatedVipViewer && (previous is not { DesignatedVipViewer: true } || seatHeldElsewhere))
        {
            await unit.ClaimVipSeatAsync(Id);
            claimed = true;
        }

        try
        {
            await state.WriteOrRollbackAsync(new UserGrainState
            {
                Definition = normalized,
                Status = current.Status,
                Version = current.Version + 1,
            });
        }
        catch
        {
            if (claimed)
            {
                await unit.ReleaseVipSeatAsync(Id);
            }

            throw;
        }

        if (previous is { DesignatedVipViewer: true } && (!normalized.DesignatedVipViewer || seatHeldElsewhere))
        {
            await GrainFactory.GetUnit(previous.Unit).ReleaseVipSeatAsync(Id);
        }

        LogUserWritten(logger, Id, state.State.Version);
        await GrainFactory.InvalidateCachesAsync(InvalidationKind.User, Id);
        return ToRecord();
    }

    public ValueTask<UserRecord?> GetAsync() =>
        ValueTask.FromResult(state.State.Definition is null ? null : ToRecord());

    public async Task<UserRecord> SetStatusAsync(string status)
    {
        if (!UserStatuses.All.Contains(status))
        {
            throw new ValidationException("status", $"status: must be one of {string.Join(", ", UserStatuses.All)}");
        }

        var current = state.State;
        if (current.Definition is null)
        {
            throw new NotFoundException("user", Id);
        }

        if (!string.Equals(current.Status, status, StringComparison.Ordinal))
        {
            await state.WriteOrRollbackAsync(new UserGrainState
            {
                Definition = current.Definition,
                Status = status,
                Version = current.Version + 1,
            });
            LogUserStatus(logger, Id, status);
            await GrainFactory.InvalidateCachesAsync(InvalidationKind.User, Id);
        }

        return ToRecord();
    }

    private static UserDefinition Validate(UserDefinition definition)
    {
        if (string.IsNullOrWhiteSpace(definition.Unit))
        {
            throw new ValidationException("unit", "unit: required");
        }

        if (!Employments.All.Contains(definition.Employment))
        {
            throw new ValidationException("employment", $"employment: must be one of {string.Join(", ", Employments.All)}");
        }

        var roles = definition.Roles ?? [];
        if (roles.Any(string.IsNullOrWhiteSpace))
        {
            throw new ValidationException("roles", "roles: a role name must not be empty");
        }

        return definition with { Roles = [.. roles.Distinct(StringComparer.Ordinal)] };
    }

    private UserRecord ToRecord()
    {
        var s = state.State;
        var d = s.Definition!;
        return new UserRecord(Id, d.Unit, d.Roles, d.Employment, d.NdaSigned, d.DesignatedVipViewer, s.Status, s.Version);
    }
}
