using Entitlements.Policy.Regulation;
using static Entitlements.Regulation.Tests.Scenario;

namespace Entitlements.Regulation.Tests;

/// <summary>
/// A check decides its fields together: policy rows that did not read <c>r.fld</c> for the first field are not
/// evaluated again for the others. Deciding the fields together must give exactly what deciding each alone gives.
/// </summary>
public sealed class FieldsTogetherTests
{
    private static readonly string[] Roles = ["agent", "service", "manager", "clerk", "analyst", "it", "head", "auditor"];
    private static readonly string[] Units = ["hq", "br1", "br1-a", "br2"];
    private static readonly string[] Actions = ["view", "list", "export", "print", "copy", "forward", "modify", "share", "delete"];
    private static readonly string[] Applications = ["policy-admin", "mss", "crm"];
    private static readonly string[] GrantKinds = ["routine", "internal", "government", "agency", "third-party"];

    [Fact]
    public void Evaluate_AllFieldsAtOnce_SameAsEachFieldAlone_ForRandomQueries()
    {
        var random = new Random(20261203);
        var catalogue = Baseline.Fields.Keys.Append("unknown-field").ToArray();
        var denials = 0;
        var allows = 0;
        for (var n = 0; n < 3000; n++)
        {
            var query = RandomQuery(random, catalogue);
            var together = Baseline.Evaluate(query);

            Assert.Equal(query.Fields.Count, together.Fields.Count);
            for (var i = 0; i < query.Fields.Count; i++)
            {
                var alone = Assert.Single(Baseline.Evaluate(query with { Fields = [query.Fields[i]] }).Fields);
                Assert.Equal(alone, together.Fields[i]);
                if (alone.Allowed)
                {
                    allows++;
                }
                else
                {
                    denials++;
                }
            }
        }

        // The random queries must reach both outcomes often, or the comparison proves little.
        Assert.True(allows > 1000, $"only {allows} allowed fields");
        Assert.True(denials > 1000, $"only {denials} denied fields");
    }

    [Fact]
    public void Evaluate_RowThatReadsTheFieldOnlyForSomeSubjects_DecidesEachFieldOnItsOwn()
    {
        // Outsourced staff: rule 2 reads r.fld.level (level 1 denied), so a level 3 field after a level 1 one
        // must not reuse the first field's outcome.
        var subject = Staff("clerk") with { Employment = "outsourced" };

        var decision = Baseline.Evaluate(Query(subject, Customer(), "view", "mobile", "gender", "name", "age"));

        Assert.Equal(
            ["outsourced-level-1", "allow", "outsourced-level-1", "allow"],
            decision.Fields.Select(Outcome));
        Assert.Equal("partial", decision.Decision);
    }

    private static AccessQuery RandomQuery(Random random, string[] catalogue)
    {
        var unit = Pick(random, Units);
        var roles = Enumerable.Range(0, random.Next(8) == 0 ? 0 : 1 + random.Next(2)).Select(_ => Pick(random, Roles)).Distinct().ToArray();
        var subject = new SubjectFacts(
            Id: "u-1",
            Unit: unit,
            UnitPath: PathOf(unit),
            Roles: roles,
            Employment: random.Next(5) == 0 ? "outsourced" : "staff",
            NdaSigned: random.Next(6) != 0,
            DesignatedVipViewer: random.Next(5) == 0,
            Status: random.Next(20) switch { 0 => "departed", 1 => "handover", _ => "active" },
            UnitSuspended: random.Next(20) == 0);
        var customerUnit = random.Next(3) == 0 ? Pick(random, Units) : unit;
        var customer = new CustomerFacts(
            Id: "c-1",
            Unit: customerUnit,
            UnitPath: PathOf(customerUnit),
            Vip: random.Next(4) == 0,
            Agent: random.Next(4) == 0 ? "u-1" : "u-9",
            ServicePerson: random.Next(5) == 0 ? "u-1" : null,
            ServedBy: random.Next(5) == 0 ? ["u-1"] : [],
            ConsentThirdPartySharing: random.Next(2) == 0,
            ConsentChange: random.Next(3) != 0);
        var fields = Enumerable.Range(0, 1 + random.Next(8)).Select(_ => Pick(random, catalogue)).ToArray();
        var query = new AccessQuery(subject, customer, Pick(random, Actions), Pick(random, Applications), fields, null, null, Now);
        query = random.Next(2) == 0 ? query with { Action = "view" } : query;
        return random.Next(3) switch
        {
            0 => query.Under(RandomGrant(random, catalogue)),
            1 when random.Next(4) == 0 => query with { GrantId = "g-missing" },
            _ => query,
        };
    }

    private static GrantFacts RandomGrant(Random random, string[] catalogue) => new(
        Id: "g-1",
        Kind: Pick(random, GrantKinds),
        Users: random.Next(6) == 0 ? ["u-2"] : ["u-1"],
        Customers: random.Next(3) == 0 ? null : ["c-1"],
        Segment: random.Next(3) == 0 ? Pick(random, Units) : null,
        Fields: [.. Enumerable.Range(0, 1 + random.Next(5)).Select(_ => Pick(random, catalogue)).Distinct()],
        Actions: [.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Pick(random, Actions)).Distinct()],
        Unmasked: random.Next(3) == 0,
        CommitteeApproved: random.Next(3) == 0,
        From: Now.AddDays(random.Next(8) == 0 ? 1 : -1),
        Until: Now.AddDays(random.Next(8) == 0 ? -1 : 30),
        Ended: random.Next(10) == 0);

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
