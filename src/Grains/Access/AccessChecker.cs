using Entitlements.Grains.Audit;
using Entitlements.Grains.Caching;
using Entitlements.Policy.Regulation;

namespace Entitlements.Grains.Access;

/// <summary>
/// One per silo: answers checks. Assembles <see cref="SubjectFacts"/> and <see cref="CustomerFacts"/> from the
/// <see cref="DecisionCache"/>, asks <see cref="RegulationPolicy.Evaluate"/> (the only place that decides), names the
/// decision and queues its audit record. Never touches storage; an unknown id is a null fact, which the policy
/// turns into a deny with a reason.
/// </summary>
internal sealed partial class AccessChecker(DecisionCache cache, AuditWriter audit, TimeProvider time, ILogger<AccessChecker> logger) : IAccessChecker
{
    public ValueTask<AccessCheckResponse> CheckAsync(AccessCheckRequest request, string caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        var policy = cache.GetPolicyAsync();
        var subject = cache.GetSubjectAsync(request.Subject);
        var customer = cache.GetCustomerAsync(request.Customer);
        if (policy.IsCompletedSuccessfully && subject.IsCompletedSuccessfully && customer.IsCompletedSuccessfully)
        {
            return ValueTask.FromResult(Decide(request, caller, policy.Result, subject.Result, customer.Result));
        }

        return CheckSlowAsync(request, caller, policy, subject, customer);
    }

    public async ValueTask<IReadOnlyList<AccessCheckResponse>> CheckBatchAsync(IReadOnlyList<AccessCheckRequest> checks, string caller)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var results = new AccessCheckResponse[checks.Count];
        for (var i = 0; i < checks.Count; i++)
        {
            results[i] = await CheckAsync(checks[i], caller);
        }

        return results;
    }

    public async ValueTask<IReadOnlyList<AllowedAccess>?> DescribeAsync(string userId, string application)
    {
        var policy = await cache.GetPolicyAsync();
        return await cache.GetSubjectAsync(userId) is { } subject
            ? policy.Describe(subject, application ?? "", time.GetUtcNow())
            : null;
    }

    private async ValueTask<AccessCheckResponse> CheckSlowAsync(
        AccessCheckRequest request,
        string caller,
        ValueTask<RegulationPolicy> policy,
        ValueTask<SubjectFacts?> subject,
        ValueTask<CustomerFacts?> customer) =>
        Decide(request, caller, await policy, await subject, await customer);

    private AccessCheckResponse Decide(
        AccessCheckRequest request, string caller, RegulationPolicy policy, SubjectFacts? subject, CustomerFacts? customer)
    {
        var now = time.GetUtcNow();
        var fields = request.Fields ?? [];

        // Grants arrive with a later issue: a named grant reaches the policy as an id it cannot resolve (grant-invalid).
        var decision = policy.Evaluate(new AccessQuery(
            subject, customer, request.Action ?? "", request.Application ?? "", fields, Grant: null, request.Grant, now));

        var results = new FieldResult[decision.Fields.Count];
        var faulted = false;
        for (var i = 0; i < results.Length; i++)
        {
            var f = decision.Fields[i];
            results[i] = new FieldResult(f.Field, f.Level, f.Allowed ? Decisions.Allow : Decisions.Deny,
                f.Allowed ? f.Mask : null, f.Allowed ? null : f.Reason);
            faulted |= f.Reason == Vocabulary.PolicyError;
        }

        if (faulted)
        {
            LogPolicyError(logger, decision.PolicyVersion, request.Subject ?? "", request.Customer ?? "", request.Action ?? "");
        }

        var decisionId = NewDecisionId();
        audit.Enqueue(new AuditRecord(decisionId, now, request.Subject ?? "", subject?.Unit, caller ?? "",
            request.Customer ?? "", customer?.Unit, request.Action ?? "", request.Application ?? "", request.Grant,
            decision.Decision, results, Reasons(results), decision.PolicyVersion));
        return new AccessCheckResponse(decision.Decision, decisionId, decision.PolicyVersion, results);
    }

    private static IReadOnlyList<string> Reasons(FieldResult[] results)
    {
        List<string>? reasons = null;
        foreach (var result in results)
        {
            if (result.Reason is { } reason && !(reasons?.Contains(reason, StringComparer.Ordinal) ?? false))
            {
                (reasons ??= []).Add(reason);
            }
        }

        return reasons ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Time-ordered (UUID v7), so audit records sort by id as they do by time.</summary>
    private static string NewDecisionId() => "d-" + Guid.CreateVersion7().ToString("N");
}
