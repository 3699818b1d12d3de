namespace Entitlements.Grains.Interfaces;

/// <summary>
/// The check entry point: a stateless worker, so a call from the Api stays inside the silo that received it.
/// Unknown subjects, customers, fields or actions give a deny with a reason, never an exception.
/// Every check writes one <see cref="AuditRecord"/>, named by the response's decision id.
/// </summary>
[Alias("entitlements.IAccessGrain")]
public interface IAccessGrain : IGrainWithIntegerKey
{
    /// <param name="request">The check.</param>
    /// <param name="caller">The authenticated caller (JWT <c>sub</c>), recorded in the audit trail.</param>
    [ReadOnly, Alias("Check")]
    ValueTask<AccessCheckResponse> CheckAsync(AccessCheckRequest request, string caller);

    /// <summary>One response (and one audit record) per check, in the same order.</summary>
    [ReadOnly, Alias("CheckBatch")]
    ValueTask<IReadOnlyList<AccessCheckResponse>> CheckBatchAsync(IReadOnlyList<AccessCheckRequest> checks, string caller);
}

/// <summary>
/// The same checks as <see cref="IAccessGrain"/> as a per-silo service (resolve it from the silo's DI container):
/// no grain call at all, for hosts that run in the silo process.
/// </summary>
public interface IAccessChecker
{
    ValueTask<AccessCheckResponse> CheckAsync(AccessCheckRequest request, string caller);

    ValueTask<IReadOnlyList<AccessCheckResponse>> CheckBatchAsync(IReadOnlyList<AccessCheckRequest> checks, string caller);

    /// <summary>
    /// What the user's roles allow under the current policy (RBAC-4), per kind of customer and action, judged by the
    /// policy for representative customers (see <c>EntitlementSummary</c>); null for an unknown user.
    /// </summary>
    ValueTask<IReadOnlyList<Entitlements.Policy.Regulation.AllowedAccess>?> DescribeAsync(string userId, string application);
}
