namespace Entitlements.Grains.Directory;

/// <summary>
/// One unit of the organisation tree. Key: the unit id; lives while used. Owns the unit's definition, its
/// suspension and its designated-VIP-viewer seats. Every change is persisted, then every silo's decision
/// cache drops the unit (and what it derived from it: paths, suspension of descendants) before the call returns.
/// </summary>
public sealed partial class UnitGrain(
    [PersistentState("unit", EntitlementsNames.Storage)] IPersistentState<UnitGrainState> state,
    TimeProvider time,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain
{
    /// <summary>VIP-4: "at most one or two designated persons" per unit.</summary>
    internal const int VipViewerSeats = 2;

    /// <summary>Bounds a walk up the tree; deeper trees are refused as bad input.</summary>
    internal const int MaxDepth = 64;

    private string Id => this.GetPrimaryKeyString();

    public async Task<UnitRecord> PutAsync(UnitDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var normalized = Validate(definition);
        var current = state.State;
        // An unchanged parent was checked when it was first stored, and units are never deleted.
        var moves = normalized.Parent is not null && !string.Equals(normalized.Parent, current.Definition?.Parent, StringComparison.Ordinal);
        var tree = GrainFactory.GetUnitTree();
        if (moves)
        {
            // ORG-1: a new parent is admitted by the one tree grain, so concurrent moves cannot close a cycle.
            await tree.BeginMoveAsync(Id, normalized.Parent!);
        }

        try
        {
            // Listed before it is stored, so every stored unit is in the registry (ORG-3 reports); idempotent.
            await GrainFactory.GetUnitRegistry().RegisterAsync(Id);
            await state.WriteOrRollbackAsync(new UnitGrainState
            {
                Definition = normalized,
                Suspension = current.Suspension,
                VipViewers = current.VipViewers,
                Version = current.Version + 1,
            });
        }
        finally
        {
            if (moves)
            {
                await tree.CompleteMoveAsync(Id);
            }
        }

        LogUnitWritten(logger, Id, state.State.Version);
        await GrainFactory.InvalidateCachesAsync(InvalidationKind.Unit, Id);
        return ToRecord();
    }

    public ValueTask<UnitRecord?> GetAsync() =>
        ValueTask.FromResult(state.State.Definition is null ? null : ToRecord());

    public ValueTask<string?> GetParentAsync() =>
        state.State.Definition is { } definition
            ? ValueTask.FromResult(definition.Parent)
            : ValueTask.FromException<string?>(new NotFoundException("unit", Id));

    public async Task<UnitRecord> SuspendAsync(string inspection, string reason)
    {
        RequireExisting();
        if (state.State.Suspension is null)
        {
            var current = state.State;
            await state.WriteOrRollbackAsync(new UnitGrainState
            {
                Definition = current.Definition,
                Suspension = new UnitSuspension(inspection ?? "", reason ?? "", time.GetUtcNow()),
                VipViewers = current.VipViewers,
                Version = current.Version + 1,
            });
            LogUnitSuspended(logger, Id, state.State.Suspension!.Reason);
            await GrainFactory.InvalidateCachesAsync(InvalidationKind.Unit, Id);
        }

        return ToRecord();
    }

    public async Task<UnitRecord> ReinstateAsync(string rectification)
    {
        RequireExisting();
        if (state.State.Suspension is not null)
        {
            var current = state.State;
            await state.WriteOrRollbackAsync(new UnitGrainState
            {
                Definition = current.Definition,
                Suspension = null,
                VipViewers = current.VipViewers,
                Version = current.Version + 1,
            });
            LogUnitReinstated(logger, Id, rectification ?? "");
            await GrainFactory.InvalidateCachesAsync(InvalidationKind.Unit, Id);
        }

        return ToRecord();
    }

    public async Task ClaimVipSeatAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        RequireExisting();
        var current = state.State;
        if (current.VipViewers.Contains(userId, StringComparer.Ordinal))
        {
            return;
        }

        if (current.VipViewers.Count >= VipViewerSeats)
        {
            // VIP-4: the seats are a hard limit of the regulation, not a policy setting.
            throw new RegulationConflictException(
                $"unit '{Id}' already has {VipViewerSeats} designated VIP viewers", [.. current.VipViewers]);
        }

        await state.WriteOrRollbackAsync(new UnitGrainState
        {
            Definition = current.Definition,
            Suspension = current.Suspension,
            VipViewers = [.. current.VipViewers, userId],
            Version = current.Version + 1,
        });
    }

    public async Task ReleaseVipSeatAsync(string userId)
    {
        var current = state.State;
        if (!current.VipViewers.Contains(userId, StringComparer.Ordinal))
        {
            return;
        }

        await state.WriteOrRollbackAsync(new UnitGrainState
        {
            Definition = current.Definition,
            Suspension = current.Suspension,
            VipViewers = [.. current.VipViewers.Where(v => !string.Equals(v, userId, StringComparison.Ordinal))],
            Version = current.Version + 1,
        });
    }

    private static UnitDefinition Validate(UnitDefinition definition)
    {
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            throw new ValidationException("name", "name: required");
        }

        if (!UnitKinds.All.Contains(definition.Kind))
        {
            throw new ValidationException("kind", $"kind: must be one of {string.Join(", ", UnitKinds.All)}");
        }

        var tags = definition.Tags ?? [];
        foreach (var tag in tags)
        {
            if (!UnitTags.All.Contains(tag))
            {
                throw new ValidationException("tags", $"tags: '{tag}' is not one of {string.Join(", ", UnitTags.All)}");
            }
        }

        return definition with
        {
            Parent = string.IsNullOrWhiteSpace(definition.Parent) ? null : definition.Parent,
            SecurityOfficer = string.IsNullOrWhiteSpace(definition.SecurityOfficer) ? null : definition.SecurityOfficer,
            SecurityContact = string.IsNullOrWhiteSpace(definition.SecurityContact) ? null : definition.SecurityContact,
            Tags = [.. tags.Distinct(StringComparer.Ordinal)],
        };
    }

    private void RequireExisting()
    {
        if (state.State.Definition is null)
        {
            throw new NotFoundException("unit", Id);
        }
    }

    private UnitRecord ToRecord()
    {
        var s = state.State;
        var d = s.Definition!;
        return new UnitRecord(Id, d.Name, d.Parent, d.Kind, d.SecurityOfficer, d.SecurityContact, d.Tags,
            s.Suspension is not null, s.Suspension, [.. s.VipViewers], s.Version);
    }
}
