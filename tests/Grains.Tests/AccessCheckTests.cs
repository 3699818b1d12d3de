namespace Entitlements.Grains.Tests;

/// <summary>The check path: unknown ids deny with a reason; every decision leaves exactly one audit record.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AccessCheckTests(ClusterFixture fixture)
{
    private static readonly TimeSpan AuditTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Check_DeniesUnknownSubject_WithReasonNotException()
    {
        var silo = fixture.Silo(0);
        var s = await Scenario.CreateAsync(silo.Grains);

        var response = await silo.Checker.CheckAsync(s.ViewGender() with { Subject = "nobody-" + s.User }, "test");

        Assert.Equal(Decisions.Deny, response.Decision);
        Assert.Equal("unknown-subject", Assert.Single(response.Fields).Reason);
    }

    [Fact]
    public async Task Check_DeniesUnknownCustomer_WithReasonNotException()
    {
        var silo = fixture.Silo(1);
        var s = await Scenario.CreateAsync(silo.Grains);

        var response = await silo.Checker.CheckAsync(s.ViewGender() with { Customer = "nobody-" + s.Customer }, "test");

        Assert.Equal(Decisions.Deny, response.Decision);
        Assert.Equal("unknown-customer", Assert.Single(response.Fields).Reason);
    }

    [Fact]
    public async Task Check_DeniesUnknownFieldOnly_AndKeepsOthers()
    {
        var silo = fixture.Silo(0);
        var s = await Scenario.CreateAsync(silo.Grains);

        var response = await silo.Checker.CheckAsync(s.ViewGender() with { Fields = ["gender", "shoeSize"] }, "test");

        Assert.Equal(Decisions.Partial, response.Decision);
        var unknown = response.Fields[1];
        Assert.Equal(("shoeSize", null, Decisions.Deny, "unknown-field"), (unknown.Field, unknown.Level, unknown.Effect, unknown.Reason));
        Assert.Equal(Decisions.Allow, response.Fields[0].Effect);
    }

    [Fact]
    public async Task Check_WritesOneAuditRecord_NamedByDecisionId()
    {
        var silo = fixture.Silo(1);
        var s = await Scenario.CreateAsync(silo.Grains);

        var response = await silo.Checker.CheckAsync(s.ViewGender() with { Fields = ["gender", "shoeSize"] }, "caller-app");
        var records = await silo.Audit.WaitForAsync(r => r.Any(x => x.DecisionId == response.DecisionId), AuditTimeout,
            $"audit record {response.DecisionId}");

        var record = Assert.Single(records, r => r.DecisionId == response.DecisionId);
        Assert.Equal((s.User, s.Branch, "caller-app", s.Customer, s.Branch), (record.Subject, record.SubjectUnit, record.Caller, record.Customer, record.CustomerUnit));
        Assert.Equal((AccessActions.View, "crm", Decisions.Partial, response.PolicyVersion), (record.Action, record.Application, record.Decision, record.PolicyVersion));
        Assert.Equal(response.Fields, record.Fields);
        Assert.Equal(["unknown-field"], record.Reasons);
        Assert.StartsWith("d-", response.DecisionId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckBatch_ReturnsOneResponseAndOneAuditRecordPerCheck_InOrder()
    {
        var silo = fixture.Silo(0);
        var s = await Scenario.CreateAsync(silo.Grains);
        AccessCheckRequest[] checks =
        [
            s.ViewGender(),
            s.ViewGender() with { Subject = "nobody-" + s.User },
            s.ViewGender() with { Customer = "nobody-" + s.Customer },
        ];

        var responses = await silo.Grains.GetAccess().CheckBatchAsync(checks, "batch-caller");
        var ids = responses.Select(r => r.DecisionId).ToHashSet();
        var records = await fixture.Silo(0).Audit.WaitForAsync(r => ids.All(id => r.Any(x => x.DecisionId == id)), AuditTimeout,
            "one audit record per batch check");
        var records1 = await fixture.Silo(1).Audit.WaitForAsync(_ => true, AuditTimeout);

        Assert.Equal(3, ids.Count);
        Assert.Equal([Decisions.Allow, Decisions.Deny, Decisions.Deny], responses.Select(r => r.Decision));
        Assert.Equal(["unknown-subject", "unknown-customer"], responses.Skip(1).Select(r => r.Fields[0].Reason));
        Assert.Equal(3, records.Concat(records1).Count(r => ids.Contains(r.DecisionId)));
    }

    [Fact]
    public async Task AccessGrain_AnswersFromClient_LikeTheService()
    {
        var s = await Scenario.CreateAsync(fixture.Cluster.Client);

        var response = await fixture.Cluster.Client.GetAccess().CheckAsync(s.ViewGender(), "client");

        Assert.Equal(Decisions.Allow, response.Decision);
        Assert.Equal(Decisions.Allow, Assert.Single(response.Fields).Effect);
    }
}
