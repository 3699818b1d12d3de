namespace Entitlements.Grains.Interfaces;

/// <summary>
/// Serializes moves in the organisation tree (ORG-1) so that two concurrent moves cannot close a cycle: a unit asks
/// it before it stores a new parent, and it checks the walk up from that parent against what is stored and what
/// other moves it has already admitted. Key: <see cref="GrainKeys.UnitTree"/>; holds no durable state.
/// </summary>
[Alias("entitlements.IUnitTreeGrain")]
public interface IUnitTreeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Admits <paramref name="unitId"/> moving under <paramref name="parent"/>, until <see cref="CompleteMoveAsync"/>
    /// (or a short lease) ends the admission. Throws <see cref="UnknownReferenceException"/> for a parent that does not
    /// exist and <see cref="ValidationException"/> (<c>parent</c>) when the parent is the unit, lies below it, or the
    /// tree above it is too deep.
    /// </summary>
    [Alias("BeginMove")]
    Task BeginMoveAsync(string unitId, string parent);

    /// <summary>Ends the admission of <paramref name="unitId"/>'s move: its parent is stored, or the write failed.</summary>
    [Alias("CompleteMove")]
    Task CompleteMoveAsync(string unitId);
}
