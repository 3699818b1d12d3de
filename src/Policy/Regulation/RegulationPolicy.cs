using System.Text.Json;

namespace Entitlements.Policy.Regulation;

/// <summary>
/// The regulation's access policy: a Casbin model, its policy rows and the field catalogue, and the
/// evaluation of an <see cref="AccessQuery"/> against them. Immutable and safe to share between
/// threads; a policy change builds a new instance with <see cref="Load"/>.
/// </summary>
/// <remarks>
/// The evaluator only translates: facts become request attributes, and the policy row that decides
/// each field (priority effect, first match) becomes a <see cref="FieldDecision"/> through its
/// <c>eft</c>, <c>reason</c> and <c>mask</c> columns. Who may see what is written in the policy.
/// </remarks>
public sealed class RegulationPolicy
{
    private const string ResourcePrefix = "Entitlements.Policy.Baseline.";

    private readonly RuleEngine _engine;
    private readonly Dictionary<string, FieldAttributes> _fieldAttributes;

    private RegulationPolicy(string model, string policy, IReadOnlyDictionary<string, FieldSpec> fields, long version, RuleEngine engine)
    {
        Model = model;
        Policy = policy;
        Fields = fields;
        Version = version;
        _engine = engine;
        _fieldAttributes = new Dictionary<string, FieldAttributes>(fields.Count, StringComparer.Ordinal);
        foreach (var (name, spec) in fields)
        {
            _fieldAttributes[name] = new FieldAttributes(name, spec);
        }
    }

    /// <summary>The Casbin model (CONF text).</summary>
    public string Model { get; }

    /// <summary>The policy rows (CSV text).</summary>
    public string Policy { get; }

    /// <summary>The field catalogue: field name to level and mask.</summary>
    public IReadOnlyDictionary<string, FieldSpec> Fields { get; }

    public long Version { get; }

    /// <summary>The baseline the product ships (embedded <c>Baseline/model.conf</c>, <c>policy.csv</c>, <c>fields.json</c>).</summary>
    public static RegulationPolicy Baseline(long version = 1) =>
        Load(ReadResource("model.conf"), ReadResource("policy.csv"), ParseFields(ReadResource("fields.json")), version);

    /// <summary>
    /// Validates and compiles a model, policy and catalogue. Throws <see cref="ModelParseException"/> or
    /// <see cref="PolicyParseException"/> (with the line) for text that does not parse or does not fit
    /// the evaluator, and <see cref="PolicyException"/> for a bad catalogue entry.
    /// </summary>
    public static RegulationPolicy Load(string model, string policy, IReadOnlyDictionary<string, FieldSpec> fields, long version) =>
        Compile(model, policy, fields, version, strict: true);

    /// <summary>
    /// Compiles a policy that was accepted by <see cref="Load"/> before and stored, without the checks <see cref="Load"/>
    /// adds for a new text (names and kinds in every condition, a rehearsal of every kind of check): a policy stored by
    /// an earlier release keeps deciding after an upgrade, and a row it cannot evaluate denies (<see cref="Vocabulary.PolicyError"/>).
    /// </summary>
    public static RegulationPolicy Restore(string model, string policy, IReadOnlyDictionary<string, FieldSpec> fields, long version) =>
        Compile(model, policy, fields, version, strict: false);

    private static RegulationPolicy Compile(string model, string policy, IReadOnlyDictionary<string, FieldSpec> fields, long version, bool strict)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(fields);
        var catalogue = ValidateFields(fields);
        var engine = RuleEngine.Create(model, policy, strict);
        var compiled = new RegulationPolicy(model, policy, catalogue, version, engine);
        if (strict)
        {
            compiled.Rehearse();
        }

        return compiled;
    }

    /// <summary>Reads a field catalogue in the JSON shape of <c>fields.json</c> and of the policy API.</summary>
    public static IReadOnlyDictionary<string, FieldSpec> ParseFields(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var parsed = JsonSerializer.Deserialize<Dictionary<string, FieldSpecJson>>(json, JsonOptions)
                ?? throw new PolicyException("fields: expected an object of field name to { level, mask }");
            return parsed.ToDictionary(
                entry => entry.Key,
                entry => new FieldSpec(entry.Value?.Level ?? 0, entry.Value?.Mask),
                StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new PolicyException($"fields: {e.Message}", e);
        }
    }

    /// <summary>
    /// Decides every field of the query. Never throws for unknown ids: they are denied with a reason. Should a row
    /// fail to evaluate (Load rehearses every kind of check, so only a policy it could not foresee does), the
    /// fields it was asked for are denied with <see cref="Vocabulary.PolicyError"/>: a fault in the policy never
    /// becomes an allow, and never an error the caller has to handle.
    /// </summary>
    public AccessDecision Evaluate(AccessQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            return Decide(query);
        }
        catch (PolicyException)
        {
            var results = new FieldDecision[query.Fields.Count];
            for (var i = 0; i < results.Length; i++)
            {
                var field = query.Fields[i];
                results[i] = new FieldDecision(field, Fields.TryGetValue(field, out var spec) ? spec.Level : null, false, null, Vocabulary.PolicyError);
            }

            return new AccessDecision(Vocabulary.Deny, results, Version);
        }
    }

    /// <summary>
    /// Runs a check of every kind through the compiled rows: each action, with and without a grant, VIP and not,
    /// served and not, by a subject holding every role and by one holding none, on every catalogue field. A row
    /// whose condition cannot be evaluated (a function given the wrong arguments, say) is refused here, at load.
    /// </summary>
    private void Rehearse()
    {
        var fields = Fields.Keys.ToArray();
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        string[] everyRole = ["agent", "service", "manager", "clerk", "analyst", "it", "head"];
        SubjectFacts[] subjects =
        [
            new("probe-u1", "probe-b1", ["probe-b1", "probe-hq"], everyRole, "staff", true, true, "active", false),
            new("probe-u2", "probe-b1", ["probe-b1", "probe-hq"], [], "outsourced", false, false, "handover", false),
        ];
        CustomerFacts[] customers =
        [
            new("probe-c1", "probe-b1", ["probe-b1", "probe-hq"], false, "probe-u1", "probe-u1", ["probe-u1"], true, true),
            new("probe-c2", "probe-b2", ["probe-b2", "probe-hq"], true, null, null, [], false, false),
        ];
        GrantFacts?[] grants =
        [
            null,
            new("probe-g1", "internal", ["probe-u1", "probe-u2"], ["probe-c1", "probe-c2"], null, fields, Vocabulary.Actions, true, true,
                now.AddDays(-1), now.AddDays(1), false),
            new("probe-g2", "third-party", ["probe-u1"], null, "probe-hq", fields, Vocabulary.Actions, false, false,
                now.AddDays(-2), now.AddDays(-1), true),
        ];
        foreach (var subject in subjects)
        {
            foreach (var customer in customers)
            {
                foreach (var grant in grants)
                {
                    foreach (var action in Vocabulary.Actions)
                    {
                        try
                        {
                            Decide(new AccessQuery(subject, customer, action, "mss", fields, grant, grant?.Id, now));
                        }
                        catch (PolicyException e)
                        {
                            throw new PolicyParseException($"a {action} check cannot be decided: {e.Message}", null, "policy");
                        }
                    }
                }
            }
        }
    }

    private AccessDecision Decide(AccessQuery query)
    {
        var results = new FieldDecision[query.Fields.Count];
        var refusal =
            query.Subject is null ? Vocabulary.UnknownSubject
            : query.Customer is null ? Vocabulary.UnknownCustomer
            : !IsAction(query.Action) ? Vocabulary.UnknownAction
            : null;
        if (refusal is not null)
        {
            for (var i = 0; i < results.Length; i++)
            {
                var field = query.Fields[i];
                results[i] = new FieldDecision(field, Fields.TryGetValue(field, out var spec) ? spec.Level : null, false, null, refusal);
            }

            return new AccessDecision(Vocabulary.Deny, results, Version);
        }

        var grant =
            query.Grant is not null ? new GrantAttributes(named: true, query.Grant)
            : query.GrantId is not null ? GrantAttributes.NotFound
            : GrantAttributes.None;
        var request = new object?[]
        {
            new SubjectAttributes(query.Subject!),
            new CustomerAttributes(query.Customer!),
            null,
            query.Action,
            query.Application ?? "",
            grant,
            (double)query.Now.ToUnixTimeMilliseconds(),
        };

        // The catalogue fields are decided together (rows that do not read r.fld are evaluated once);
        // unknown fields are denied without asking the policy.
        var known = new object?[results.Length];
        var positions = new int[results.Length];
        var count = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var field = query.Fields[i];
            if (_fieldAttributes.TryGetValue(field, out var attributes))
            {
                known[count] = attributes;
                positions[count++] = i;
            }
            else
            {
                results[i] = new FieldDecision(field, null, false, null, Vocabulary.UnknownField);
            }
        }

        var rows = new DecidingRow[count];
        _engine.DecideEach(request, known.AsSpan(0, count), rows);
        var allowed = 0;
        for (var k = 0; k < count; k++)
        {
            var i = positions[k];
            var decided = rows[k].ToDecision(query.Fields[i], ((FieldAttributes)known[k]!).Spec);
            results[i] = decided;
            if (decided.Allowed)
            {
                allowed++;
            }
        }

        var decision = allowed == 0 ? Vocabulary.Deny : allowed == results.Length ? Vocabulary.Allow : Vocabulary.Partial;
        return new AccessDecision(decision, results, Version);
    }

    private static bool IsAction(string? action)
    {
        foreach (var known in Vocabulary.Actions)
        {
            if (string.Equals(known, action, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, FieldSpec> ValidateFields(IReadOnlyDictionary<string, FieldSpec> fields)
    {
        var catalogue = new Dictionary<string, FieldSpec>(fields.Count, StringComparer.Ordinal);
        foreach (var (name, spec) in fields)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new PolicyException("fields: a field name is empty");
            }

            if (spec is null || spec.Level is < 1 or > 3)
            {
                throw new PolicyException($"fields: field \"{name}\": level must be 1, 2 or 3");
            }

            if (spec.Mask is not null && !Vocabulary.Masks.Contains(spec.Mask))
            {
                throw new PolicyException(
                    $"fields: field \"{name}\": unknown mask \"{spec.Mask}\" (expected {string.Join(", ", Vocabulary.Masks)} or null)");
            }

            catalogue[name] = spec;
        }

        return catalogue;
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(RegulationPolicy).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"the Policy assembly does not embed Baseline/{name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private sealed record FieldSpecJson(int Level, string? Mask);
}
