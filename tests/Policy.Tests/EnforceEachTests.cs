using System.Text.Json;

namespace Entitlements.Policy.Tests;

/// <summary>
/// <see cref="Enforcer.EnforceExEach(ReadOnlySpan{object?}, int, ReadOnlySpan{object?}, Span{Decision})"/> reuses
/// the outcome of rules that did not read the varying request position: it must decide exactly as
/// <see cref="Enforcer.EnforceEx(ReadOnlySpan{object?})"/> does value by value.
/// </summary>
public sealed class EnforceEachTests
{
    private static readonly string ConformanceDirectory = Path.Combine(AppContext.BaseDirectory, "Conformance");

    /// <summary>Conformance models and policies whose vectors are plain string requests (no setup or helper).</summary>
    public static TheoryData<string, string> PlainVectorGroups()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ConformanceDirectory, "vectors.json")));
        string[] plain = ["id", "model", "policy", "request", "expected", "areas", "source"];
        var groups = new TheoryData<string, string>();
        var seen = new HashSet<(string, string)>();
        foreach (var record in doc.RootElement.EnumerateArray())
        {
            if (record.EnumerateObject().All(p => plain.Contains(p.Name))
                && record.GetProperty("request").EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
                && record.GetProperty("policy").ValueKind == JsonValueKind.String
                && seen.Add((record.GetProperty("model").GetString()!, record.GetProperty("policy").GetString()!)))
            {
                groups.Add(record.GetProperty("model").GetString()!, record.GetProperty("policy").GetString()!);
            }
        }

        return groups;
    }

    [Theory]
    [MemberData(nameof(PlainVectorGroups))]
    public void EnforceExEach_SameAsEnforceEx_ForConformanceRequests(string model, string policy)
    {
        var e = Enforcer.FromFiles(Path.Combine(ConformanceDirectory, model), Path.Combine(ConformanceDirectory, policy));
        var requests = Requests(model, policy);
        var size = requests[0].Length;
        var compared = 0;
        foreach (var request in requests.Where(r => r.Length == size))
        {
            for (var position = 0; position < size; position++)
            {
                object?[] values = [.. requests.Where(r => r.Length == size).Select(r => r[position]).Distinct()];
                compared += CompareWithEachAlone(e, request, position, values);
            }
        }

        Assert.True(compared > 0);
    }

    [Fact]
    public void EnforceExEach_RuleReadsVaryingPositionOnlyOnOneBranch_DecidesEachValue()
    {
        // The first rule reads r.obj only for adults: its outcome for a child may be reused, for an adult not.
        const string Model = """
            [request_definition]
            r = sub, obj, act
            [policy_definition]
            p = sub_rule, obj, act, eft
            [policy_effect]
            e = priority(p.eft) || deny
            [matchers]
            m = eval(p.sub_rule) && r.act == p.act && (p.obj == '*' || r.obj == p.obj)
            """;
        const string Policy = """
            p, r.sub.Age >= 18 && r.obj == 'secret', *, read, deny
            p, r.sub.Age >= 18, *, read, allow
            p, r.sub.Age < 18, toys, read, allow
            """;
        var e = new Enforcer(Model, Policy);
        object?[] values = ["secret", "toys", "books", "secret", "toys"];

        foreach (var age in new[] { 10, 30 })
        {
            object?[] request = [new Person(age), "", "read"];
            CompareWithEachAlone(e, request, 1, values);
        }

        var adult = new Decision[values.Length];
        e.EnforceExEach([new Person(30), "", "read"], 1, values, adult);
        Assert.Equal([false, true, true, false, true], adult.Select(d => d.Allowed));
        var child = new Decision[values.Length];
        e.EnforceExEach([new Person(10), "", "read"], 1, values, child);
        Assert.Equal([false, true, false, false, true], child.Select(d => d.Allowed));
    }

    [Fact]
    public void EnforceExEach_IndexedRules_SameAsEnforceEx()
    {
        var random = new Random(7);
        var lines = Enumerable.Range(0, 100).Select(_ => $"p, u{random.Next(6)}, o{random.Next(8)}, {(random.Next(2) == 0 ? "read" : "write")}");
        var e = new Enforcer(TestModels.Basic, string.Join('\n', lines));
        object?[] objects = [.. Enumerable.Range(0, 8).Select(i => (object?)$"o{i}")];
        object?[] subjects = [.. Enumerable.Range(0, 6).Select(i => (object?)$"u{i}")];

        for (var u = 0; u < 6; u++)
        {
            CompareWithEachAlone(e, [$"u{u}", "", "read"], 1, objects);
            CompareWithEachAlone(e, ["", $"o{u}", "write"], 0, subjects);
        }
    }

    [Fact]
    public void EnforceExEach_Disabled_AllowsEveryValue()
    {
        var e = new Enforcer(
            "[request_definition]\nr = sub, obj\n[policy_definition]\np = sub, obj\n[policy_effect]\ne = some(where (p.eft == allow))\n[matchers]\nm = r.sub == p.sub && r.obj == p.obj",
            "p, alice, data1");
        e.EnableEnforce(false);
        var results = new Decision[2];

        e.EnforceExEach(["bob", ""], 1, ["data1", "data2"], results);

        Assert.All(results, d => Assert.True(d.Allowed));
    }

    [Fact]
    public void EnforceExEach_BadArguments_Throw()
    {
        var e = new Enforcer(
            "[request_definition]\nr = sub, obj\n[policy_definition]\np = sub, obj\n[policy_effect]\ne = some(where (p.eft == allow))\n[matchers]\nm = r.sub == p.sub && r.obj == p.obj",
            "p, alice, data1");

        Assert.Throws<ArgumentOutOfRangeException>(() => e.EnforceExEach(["alice", ""], 2, ["data1"], new Decision[1]));
        Assert.Throws<ArgumentException>(() => e.EnforceExEach(["alice", ""], 1, ["data1", "data2"], new Decision[1]));
        Assert.Throws<EvaluationException>(() => e.EnforceExEach(["alice"], 0, ["data1"], new Decision[1]));
    }

    /// <summary>Asserts that the values decided together match each decided alone; returns how many were compared.</summary>
    private static int CompareWithEachAlone(Enforcer e, object?[] request, int position, object?[] values)
    {
        var together = new Decision[values.Length];
        e.EnforceExEach(request, position, values, together);
        for (var i = 0; i < values.Length; i++)
        {
            var alone = (object?[])request.Clone();
            alone[position] = values[i];
            var expected = e.EnforceEx(alone);
            Assert.Equal(expected.Allowed, together[i].Allowed);
            Assert.Equal(expected.Rule, together[i].Rule);
            Assert.Equal(expected.RuleIndex, together[i].RuleIndex);
        }

        return values.Length;
    }

    private static List<object?[]> Requests(string model, string policy)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ConformanceDirectory, "vectors.json")));
        return
        [
            .. doc.RootElement.EnumerateArray()
                .Where(r => r.GetProperty("model").GetString() == model && r.GetProperty("policy").ValueKind == JsonValueKind.String
                    && r.GetProperty("policy").GetString() == policy
                    && r.GetProperty("request").EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
                .Select(r => r.GetProperty("request").EnumerateArray().Select(v => (object?)v.GetString()).ToArray()),
        ];
    }

    public sealed record Person(int Age);
}
