namespace Entitlements.Grains.Access;

/// <summary>
/// The check entry point as a grain: a stateless worker, activated on the calling silo, that hands the check to the
/// silo's <see cref="IAccessChecker"/>. Holds no state; decides nothing itself.
/// </summary>
[StatelessWorker]
public sealed class AccessGrain(IAccessChecker checker) : Grain, IAccessGrain
{
    public ValueTask<AccessCheckResponse> CheckAsync(AccessCheckRequest request, string caller) =>
        checker.CheckAsync(request, caller);

    public ValueTask<IReadOnlyList<AccessCheckResponse>> CheckBatchAsync(IReadOnlyList<AccessCheckRequest> checks, string caller) =>
        checker.CheckBatchAsync(checks, caller);
}
