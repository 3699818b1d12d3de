namespace Entitlements.Grains.Directory;

/// <summary>
/// Admits parent changes one at a time (ORG-1: the units form a tree). Key: <c>tree</c>; one activation in the
/// cluster, no durable state. A unit that changes its parent asks here first: the walk up from the new parent reads
/// each unit's stored parent, except where a move admitted earlier and not yet completed says otherwise, so two
/// units moving under each other at the same moment cannot both succeed.
/// </summary>
public sealed partial class UnitTreeGrain(TimeProvider time, ILogger<UnitTreeGrain> logger) : Grain, IUnitTreeGrain
{
    /// <summary>
    /// How long an admitted move counts before the unit reports it complete: longer than a unit's write can take
    /// (Orleans' response timeout is 30 s), so a move whose silo died stops counting by itself.
    /// </summary>
    internal static readonly TimeSpan MoveLease = TimeSpan.FromSeconds(45);

    private readonly Dictionary<string, (string Parent, DateTimeOffset Until)> _moves = new(StringComparer.Ordinal);

    public async Task BeginMoveAsync(string unitId, string parent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unitId);
        ArgumentException.ThrowIfNullOrWhiteSpace(parent);
        var now = time.GetUtcNow();
        var cursor = parent;
        for (var depth = 0; cursor is not null; depth++)
        {
            if (string.Equals(cursor, unitId, StringComparison.Ordinal))
            {
                throw new ValidationException("parent", $"parent: '{parent}' is '{unitId}' or lies below it");
            }

            if (depth >= UnitGrain.MaxDepth)
            {
                throw new ValidationException("parent", $"parent: the tree above '{parent}' is deeper than {UnitGrain.MaxDepth}");
            }

            if (_moves.TryGetValue(cursor, out var move) && move.Until > now)
            {
                cursor = move.Parent;
                continue;
            }

            try
            {
                cursor = await GrainFactory.GetUnit(cursor).GetParentAsync();
            }
            catch (NotFoundException) when (depth == 0)
            {
                throw new UnknownReferenceException("parent", "unit", parent);
            }
        }

        _moves[unitId] = (parent, now + MoveLease);
        LogMoveAdmitted(logger, unitId, parent);
    }

    public Task CompleteMoveAsync(string unitId)
    {
        _moves.Remove(unitId);
        var now = time.GetUtcNow();
        foreach (var (id, move) in _moves)
        {
            if (move.Until <= now)
            {
                _moves.Remove(id);
            }
        }

        return Task.CompletedTask;
    }
}
