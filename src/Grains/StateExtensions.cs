namespace Entitlements.Grains;

internal static class StateExtensions
{
    /// <summary>
    /// Replaces the state with <paramref name="next"/> and persists it; when the write fails the grain keeps the
    /// previous state, so nothing is half-written.
    /// </summary>
    public static async Task WriteOrRollbackAsync<T>(this IPersistentState<T> state, T next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }

    /// <summary>Tells every silo's decision cache that what it holds about <paramref name="id"/> is out of date.</summary>
    public static Task InvalidateCachesAsync(this IGrainFactory factory, InvalidationKind kind, string id) =>
        factory.GetInvalidationHub().PublishAsync(new Invalidation(kind, id));
}
