using Entitlements.Policy.Regulation;
using static Entitlements.Regulation.Tests.Scenario;

namespace Entitlements.Regulation.Tests;

/// <summary>The shape of a decision: unknown ids, the overall decision, explanations, concurrency.</summary>
public sealed class EvaluateTests
{
    [Fact]
    public void Evaluate_DeniesUnknownSubject_ForEveryField()
    {
        var decision = Baseline.Evaluate(Query(null, Customer(), "view", "gender", "mobile"));

        Assert.Equal("deny", decision.Decision);
        Assert.All(decision.Fields, f => AssertDenied(f, "unknown-subject"));
        Assert.Equal([3, 1], decision.Fields.Select(f => f.Level));
    }

    [Fact]
    public void Evaluate_DeniesUnknownCustomer_ForEveryField()
    {
        var decision = Baseline.Evaluate(Query(Staff("clerk"), null, "view", "gender"));

        AssertDenied(Assert.Single(decision.Fields), "unknown-customer");
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("View")]
    [InlineData("")]
    public void Evaluate_DeniesUnknownAction(string action)
    {
        var decision = Baseline.Evaluate(Query(Staff("clerk"), Customer(), action, "gender"));

        AssertDenied(Assert.Single(decision.Fields), "unknown-action");
    }

    [Fact]
    public void Evaluate_DeniesUnknownField_AndDecidesTheRest()
    {
        var decision = Baseline.Evaluate(Query(Staff("clerk"), Customer(), "view", "shoeSize", "gender"));

        AssertDenied(decision.Fields[0], "unknown-field");
        Assert.Null(decision.Fields[0].Level);
        AssertAllowed(decision.Fields[1], null);
        Assert.Equal("partial", decision.Decision);
    }

    [Fact]
    public void Evaluate_DecisionIsAllow_WhenEveryFieldAllowedMaskedOrNot()
    {
        var decision = Baseline.Evaluate(Query(Staff("clerk"), Customer(), "view", "mobile", "gender"));

        Assert.Equal("allow", decision.Decision);
    }

    [Fact]
    public void Evaluate_KeepsOrderAndDuplicatesOfFields()
    {
        var decision = Baseline.Evaluate(Query(Staff("clerk"), Customer(), "view", "gender", "mobile", "gender"));

        Assert.Equal(["gender", "mobile", "gender"], decision.Fields.Select(f => f.Field));
    }

    [Fact]
    public void Evaluate_NoFields_IsDeny()
    {
        var decision = Baseline.Evaluate(Query(Staff("clerk"), Customer(), "view"));

        Assert.Equal("deny", decision.Decision);
        Assert.Empty(decision.Fields);
    }

    [Fact]
    public void Evaluate_NamesTheDecidingRule()
    {
        var decision = Baseline.Evaluate(Query(Staff("clerk"), Customer(), "list", "mobile", "age"));

        Assert.Equal(["bulk-level-1", "level-3"], decision.Fields.Select(f => f.Rule));
    }

    [Fact]
    public void Evaluate_ManyThreads_AgreeWithOneThread()
    {
        var queries = new[]
        {
            Query(Staff("clerk"), Customer(), "view", "mobile", "health", "gender"),
            Query(Staff("agent"), Customer().Vip().ServedByAgent(), "view", "name", "health").Through("mss"),
            Query(Staff("it"), Customer("br2"), "export", "idNumber").Under(Grant("internal", "idNumber")),
        };
        var expected = queries.Select(q => string.Join(",", Baseline.Evaluate(q).Fields.Select(Outcome))).ToArray();

        var mismatches = 0;
        Parallel.For(0, 2_000, i =>
        {
            var q = queries[i % queries.Length];
            if (string.Join(",", Baseline.Evaluate(q).Fields.Select(Outcome)) != expected[i % queries.Length])
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }
}
