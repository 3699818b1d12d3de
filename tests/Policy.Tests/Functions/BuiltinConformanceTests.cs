using System.Text.Json;
using Entitlements.Policy.Functions;

namespace Entitlements.Policy.Tests.Functions;

/// <summary>Every record of <c>Conformance/builtins.json</c> as its own case (the reference's own unit assertions).</summary>
public sealed class BuiltinConformanceTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Records = new(Load);

    public static TheoryData<string> RecordIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in Records.Value.Keys)
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RecordIds))]
    public void Builtin_MatchesReference(string id)
    {
        var record = Records.Value[id];
        var function = record.GetProperty("function").GetString()!;
        var args = record.GetProperty("args").EnumerateArray().Select(ToObject).ToArray();

        if (record.TryGetProperty("expected_error", out var expectedError))
        {
            var ex = Assert.Throws<EvaluationException>(() => BuiltinFunctions.Invoke(function, args));
            Assert.Equal(expectedError.GetString(), ex.Message);
            return;
        }

        var expected = ToObject(record.GetProperty("expected"));
        object? actual;
        if (function == "timeMatch")
        {
            // The reference evaluates against the wall clock; its cases use years 0000 and 9999.
            actual = BuiltinFunctions.TimeMatch((string)args[0]!, (string)args[1]!, TimeProvider.System.GetUtcNow());
        }
        else if (record.TryGetProperty("wrapper", out _))
        {
            actual = BuiltinFunctions.Invoke(function, args);
        }
        else
        {
            actual = CallDirect(function, args);
        }

        Assert.Equal(expected, actual);
    }

    private static object? CallDirect(string function, object?[] a)
    {
        string S(int i) => (string)a[i]!;
        return function switch
        {
            "keyMatch" => BuiltinFunctions.KeyMatch(S(0), S(1)),
            "keyGet" => BuiltinFunctions.KeyGet(S(0), S(1)),
            "keyMatch2" => BuiltinFunctions.KeyMatch2(S(0), S(1)),
            "keyGet2" => BuiltinFunctions.KeyGet2(S(0), S(1), S(2)),
            "keyMatch3" => BuiltinFunctions.KeyMatch3(S(0), S(1)),
            "keyGet3" => BuiltinFunctions.KeyGet3(S(0), S(1), S(2)),
            "keyMatch4" => BuiltinFunctions.KeyMatch4(S(0), S(1)),
            "keyMatch5" => BuiltinFunctions.KeyMatch5(S(0), S(1)),
            "regexMatch" => BuiltinFunctions.RegexMatch(S(0), S(1)),
            "ipMatch" => BuiltinFunctions.IpMatch(S(0), S(1)),
            "globMatch" => BuiltinFunctions.GlobMatch(S(0), S(1)),
            _ => throw new InvalidOperationException($"unknown builtin {function}"),
        };
    }

    private static object? ToObject(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.Null => null,
        _ => e.GetRawText(),
    };

    private static Dictionary<string, JsonElement> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Conformance", "builtins.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.Clone());
    }
}
