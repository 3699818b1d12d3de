namespace Entitlements.Policy.Regulation;

/// <summary>What a subject may do to one kind of customer with one action: the fields allowed and how each is shown.</summary>
/// <param name="Customers"><c>served</c>: a customer of the subject's unit whom the subject serves (agent, service
/// person or servedBy); <c>unit</c>: any other customer collected by the subject's unit or a unit below it.</param>
/// <param name="Action">One of <see cref="Vocabulary.Actions"/>.</param>
/// <param name="Fields">The fields the action is allowed on, each with its mask (null: shown clear).</param>
public sealed record AllowedAccess(string Customers, string Action, IReadOnlyList<FieldDecision> Fields);

/// <summary>
/// Answers "what do this person's roles allow?" (RBAC-4, Art. 14) from the policy itself: it asks the policy about
/// a representative customer of each kind (one the subject serves, one it does not; not VIP, consents given) for every
/// action and every catalogue field, and keeps what is allowed. Nothing here re-states a rule, so the answer follows
/// any change Customer Management makes to the policy. Grants are reported separately; VIP customers follow the VIP rules.
/// </summary>
public static class EntitlementSummary
{
    /// <summary>The kinds of customer <see cref="Describe"/> reports on.</summary>
    public const string Served = "served";

    /// <inheritdoc cref="Served"/>
    public const string Unit = "unit";

    public static IReadOnlyList<AllowedAccess> Describe(this RegulationPolicy policy, SubjectFacts subject, string application, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(subject);
        var fields = policy.Fields.Keys.Order(StringComparer.Ordinal).ToArray();
        var result = new List<AllowedAccess>();
        foreach (var (kind, customer) in new[]
        {
            (Served, Representative(subject, serving: true)),
            (Unit, Representative(subject, serving: false)),
        })
        {
            foreach (var action in Vocabulary.Actions)
            {
                var decision = policy.Evaluate(new AccessQuery(subject, customer, action, application, fields, null, null, now));
                var allowed = decision.Fields.Where(f => f.Allowed).ToArray();
                if (allowed.Length > 0)
                {
                    result.Add(new AllowedAccess(kind, action, allowed));
                }
            }
        }

        return result;
    }

    private static CustomerFacts Representative(SubjectFacts subject, bool serving) => new(
        Id: serving ? "(a customer you serve)" : "(a customer of your unit)",
        Unit: subject.Unit,
        UnitPath: subject.UnitPath,
        Vip: false,
        Agent: serving ? subject.Id : null,
        ServicePerson: null,
        ServedBy: [],
        ConsentThirdPartySharing: true,
        ConsentChange: true);
}
