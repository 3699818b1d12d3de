using System.Globalization;
using System.Text.Json;
using Entitlements.Policy;
using Entitlements.Policy.Functions;
using Entitlements.Policy.Rbac;

namespace Entitlements.Cli.Conformance;

/// <summary>The outcome of one conformance record.</summary>
public sealed record ConformanceResult(string File, string Id, bool Passed, string Expected, string Actual);

/// <summary>
/// Runs the Casbin conformance record files (vectors, rbac_api, builtins, explain, errors) found in a
/// directory; models and policies are resolved relative to it.
/// </summary>
public sealed partial class ConformanceRunner
{
    /// <summary>The record files the runner understands, in the order it reports them.</summary>
    public static readonly IReadOnlyList<string> RecordFiles = ["vectors.json", "rbac_api.json", "builtins.json", "explain.json", "errors.json"];

    private readonly string _directory;
    private readonly Dictionary<string, Dictionary<string, JsonElement>> _records = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ConformanceRunner(string directory)
    {
        _directory = directory;
    }

    /// <summary>The record files present in the directory.</summary>
    public IReadOnlyList<string> PresentFiles() => [.. RecordFiles.Where(f => File.Exists(Path.Combine(_directory, f)))];

    private Dictionary<string, JsonElement> Records(string file)
    {
        lock (_lock)
        {
            if (!_records.TryGetValue(file, out var records))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, file)));
                records = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                var n = 0;
                foreach (var record in doc.RootElement.EnumerateArray())
                {
                    n++;
                    var id = record.TryGetProperty("id", out var idEl) ? idEl.GetString()! : $"#{n}";
                    if (records.ContainsKey(id))
                    {
                        id = $"{id}@{n}";
                    }

                    records[id] = record.Clone();
                }

                _records[file] = records;
            }

            return records;
        }
    }

    /// <summary>The record ids of a file, in file order.</summary>
    public IReadOnlyList<string> Ids(string file) => [.. Records(file).Keys];

    /// <summary>Runs every record of a file.</summary>
    public IEnumerable<ConformanceResult> RunFile(string file) => Ids(file).Select(id => Run(file, id));

    /// <summary>Runs one record; never throws (an unexpected exception is a failure with its message as the actual value).</summary>
    public ConformanceResult Run(string file, string id)
    {
        var record = Records(file)[id];
        try
        {
            var (passed, expected, actual) = file switch
            {
                "vectors.json" => RunVector(record),
                "rbac_api.json" => RunApi(record),
                "builtins.json" => RunBuiltin(record),
                "explain.json" => RunExplain(record),
                "errors.json" => RunError(record),
                _ => throw new InvalidOperationException($"unknown record file {file}"),
            };
            return new ConformanceResult(file, id, passed, expected, actual);
        }
        catch (Exception ex)
        {
            var expected = record.TryGetProperty("expected", out var e) ? e.GetRawText() : record.TryGetProperty("expected_error", out var ee) ? ee.GetRawText() : "?";
            return new ConformanceResult(file, id, false, expected, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    // ------------------------------------------------------------------ record kinds

    private (bool, string, string) RunVector(JsonElement record)
    {
        var e = Build(record);
        var request = Request(record);
        var actual = e.Enforce(request);
        var expected = record.GetProperty("expected").GetBoolean();
        return (actual == expected, Json(expected), Json(actual));
    }

    private (bool, string, string) RunExplain(JsonElement record)
    {
        var e = Build(record);
        var decision = e.EnforceEx(Request(record));
        var expected = Strings(record.GetProperty("expected_explain"));
        var actual = decision.Rule.ToList();
        return (expected.SequenceEqual(actual), Json(expected), Json(actual));
    }

    private (bool, string, string) RunError(JsonElement record)
    {
        var expected = record.GetProperty("expected_error").GetString() ?? "";
        try
        {
            var e = Build(record);
            if (record.TryGetProperty("call", out var call))
            {
                Invoke(e, call.GetProperty("api").GetString()!, call.GetProperty("args"));
            }
            else if (record.TryGetProperty("request", out _) || record.TryGetProperty("request_raw", out _))
            {
                e.Enforce(Request(record));
            }

            return (false, expected, "no error");
        }
        catch (PolicyException ex)
        {
            var needle = ContainsClause(expected);
            var ok = needle is null || ex.Message.Contains(needle, StringComparison.Ordinal);
            return (ok, expected, ex.Message);
        }
    }

    /// <summary><c>contains "X" (...)</c> gives X; anything else only requires an error.</summary>
    private static string? ContainsClause(string expected)
    {
        const string prefix = "contains \"";
        if (!expected.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = expected.IndexOf('"', prefix.Length);
        return end < 0 ? null : expected[prefix.Length..end];
    }

    private static (bool, string, string) RunBuiltin(JsonElement record)
    {
        var name = record.GetProperty("function").GetString()!;
        var args = record.GetProperty("args").EnumerateArray().Select(Plain).ToArray();
        var expectedError = record.TryGetProperty("expected_error", out var ee) ? ee.GetString() : null;
        var expected = record.GetProperty("expected");
        try
        {
            object? actual = name == "timeMatch"
                ? BuiltinFunctions.TimeMatch((string)args[0]!, (string)args[1]!, DateTimeOffset.UtcNow)
                : BuiltinFunctions.Invoke(name, args);
            if (expectedError is not null)
            {
                return (false, expectedError, Json(actual));
            }

            var ok = expected.ValueKind switch
            {
                JsonValueKind.True or JsonValueKind.False => actual is bool b && b == expected.GetBoolean(),
                JsonValueKind.String => actual is string s && s == expected.GetString(),
                _ => false,
            };
            return (ok, expected.GetRawText(), Json(actual));
        }
        catch (PolicyException ex)
        {
            if (expectedError is null)
            {
                return (false, expected.GetRawText(), ex.Message);
            }

            return (record.TryGetProperty("wrapper", out _) ? ex.Message == expectedError : true, expectedError, ex.Message);
        }
    }

    private (bool, string, string) RunApi(JsonElement record)
    {
        var api = record.GetProperty("api").GetString()!;
        var args = record.GetProperty("args");
        var compare = record.GetProperty("compare").GetString()!;
        var expected = record.GetProperty("expected");
        object? actual;
        if (record.TryGetProperty("role_manager", out var rmSpec) && rmSpec.ValueKind == JsonValueKind.Object)
        {
            var rm = RoleManagerFrom(rmSpec);
            if (record.TryGetProperty("setup", out var setup))
            {
                foreach (var op in setup.EnumerateArray())
                {
                    ApplyRoleManagerOp(rm, op);
                }
            }

            actual = InvokeRoleManager(rm, api, args);
        }
        else
        {
            var e = Build(record);
            if (record.TryGetProperty("expected_error", out var expectedError) && expectedError.ValueKind != JsonValueKind.Null)
            {
                try
                {
                    actual = Invoke(e, api, args);
                    return (false, expectedError.GetRawText(), Json(actual));
                }
                catch (PolicyException ex)
                {
                    return (true, expectedError.GetRawText(), ex.Message);
                }
            }

            actual = Invoke(e, api, args);
        }

        return (Compare(compare, expected, actual), expected.GetRawText(), Json(actual));
    }

    private static bool Compare(string mode, JsonElement expected, object? actual)
    {
        switch (mode)
        {
            case "bool":
                return actual is bool b && b == expected.GetBoolean();
            case "count":
                return actual is System.Collections.ICollection c && c.Count == (expected.ValueKind == JsonValueKind.Number ? expected.GetInt32() : expected.GetArrayLength());
            case "multiset":
                {
                    var e = Strings(expected).Order(StringComparer.Ordinal);
                    var a = ((IEnumerable<string>)actual!).Order(StringComparer.Ordinal);
                    return e.SequenceEqual(a);
                }

            case "ordered":
                {
                    if (expected.ValueKind == JsonValueKind.Array && expected.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.Array))
                    {
                        var e = Rows(expected).Select(r => string.Join('\u001f', r));
                        var a = ((IEnumerable<IReadOnlyList<string>>)actual!).Select(r => string.Join('\u001f', r));
                        return e.SequenceEqual(a);
                    }

                    if (actual is IEnumerable<IReadOnlyList<string>> rows)
                    {
                        return expected.GetArrayLength() == 0 && !rows.Any();
                    }

                    return Strings(expected).SequenceEqual((IEnumerable<string>)actual!);
                }

            case "set_of_rows":
                {
                    var e = Rows(expected).Select(r => string.Join('\u001f', r.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal);
                    var a = ((IEnumerable<IReadOnlyList<string>>)actual!).Select(r => string.Join('\u001f', r.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal);
                    return e.Distinct().SequenceEqual(a.Distinct());
                }

            default:
                throw new InvalidOperationException($"unknown compare mode {mode}");
        }
    }

    // ------------------------------------------------------------------ building an enforcer

    private string PathOf(string relative) => Path.Combine(_directory, relative);

    private Enforcer Build(JsonElement record)
    {
        var modelPath = record.GetProperty("model").GetString()!;
        var model = Entitlements.Policy.Model.PolicyModel.Load(PathOf(modelPath));
        var e = new Enforcer(model);
        var policy = record.TryGetProperty("policy", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        if (record.TryGetProperty("adapter", out var adapter) && adapter.ValueKind == JsonValueKind.Object)
        {
            e.SetPolicyFile(PathOf(adapter.GetProperty("path").GetString()!));
        }
        else if (policy is not null)
        {
            e.SetPolicyFile(PathOf(policy));
            e.LoadPolicy();
        }

        if (record.TryGetProperty("options", out var options) && options.TryGetProperty("acceptJsonRequest", out var json))
        {
            e.EnableAcceptJsonRequest(json.GetBoolean());
        }

        if (record.TryGetProperty("setup", out var setup))
        {
            foreach (var op in setup.EnumerateArray())
            {
                ApplyOp(e, op);
            }
        }

        return e;
    }

    private static object?[] Request(JsonElement record)
    {
        var values = new List<object?>();
        if (record.TryGetProperty("enforce_context", out var ctx))
        {
            values.Add(new EnforceContext(
                ctx.GetProperty("rType").GetString()!,
                ctx.GetProperty("pType").GetString()!,
                ctx.GetProperty("eType").GetString()!,
                ctx.GetProperty("mType").GetString()!));
        }

        var source = record.TryGetProperty("request_raw", out var raw) ? raw : record.GetProperty("request");
        foreach (var v in source.EnumerateArray())
        {
            values.Add(v.ValueKind == JsonValueKind.Object ? v.Clone() : Plain(v));
        }

        return [.. values];
    }

    private void ApplyOp(Enforcer e, JsonElement op)
    {
        var name = op.GetProperty("op").GetString()!;
        var args = op.TryGetProperty("args", out var a) ? a : default;
        var repeat = op.TryGetProperty("repeat", out var r) ? r.GetInt32() : 1;
        var expectsError = op.TryGetProperty("expected_error", out _);
        for (var i = 0; i < repeat; i++)
        {
            if (expectsError)
            {
                try
                {
                    Invoke(e, name, args, op);
                }
                catch (PolicyException)
                {
                    continue;
                }

                throw new InvalidOperationException($"setup op {name} was expected to fail");
            }

            try
            {
                Invoke(e, name, args, op);
            }
            catch (PolicyException)
            {
                // The reference's tests ignore the error of most setup calls (e.g. LoadPolicy of a missing file keeps the old policy).
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static object? Plain(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Array => v.EnumerateArray().Select(Plain).ToArray(),
        _ => v.Clone(),
    };

    private static List<string> Strings(JsonElement v) => [.. v.EnumerateArray().Select(x => x.GetString()!)];

    private static List<List<string>> Rows(JsonElement v) => [.. v.EnumerateArray().Select(Strings)];

    private static string Json(object? value) => JsonSerializer.Serialize(value);

    private static string Str(JsonElement args, int i) => args[i].ValueKind == JsonValueKind.String
        ? args[i].GetString()!
        : args[i].GetRawText();

    private static int Int(JsonElement args, int i) => args[i].GetInt32();

    private static string[] StrsFrom(JsonElement args, int start) =>
        [.. args.EnumerateArray().Skip(start).Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText())];

    private static List<IReadOnlyList<string>> RuleList(JsonElement v) => [.. v.EnumerateArray().Select(x => (IReadOnlyList<string>)Strings(x))];

    private static MatchingFunction MatchFn(JsonElement spec)
    {
        var name = spec.GetProperty("builtin").GetString()!;
        return BuiltinFunctions.TryGetMatchingFunction(name, out var fn) ? fn : throw new InvalidOperationException($"no matching function {name}");
    }

    private static LinkConditionFunction ConditionFn(JsonElement spec)
    {
        var name = spec.GetProperty("builtin").GetString()!;
        return BuiltinFunctions.TryGetLinkCondition(name, out var fn) ? fn : throw new InvalidOperationException($"no link condition {name}");
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Filter(JsonElement spec)
    {
        var filter = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var prop in spec.EnumerateObject())
        {
            filter[prop.Name] = Strings(prop.Value);
        }

        return filter;
    }

    internal static string FormatNumber(double d) => d.ToString(CultureInfo.InvariantCulture);
}
