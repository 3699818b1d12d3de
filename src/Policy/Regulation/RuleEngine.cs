using Entitlements.Policy.Expressions;
using Entitlements.Policy.Model;

namespace Entitlements.Policy.Regulation;

/// <summary>
/// The compiled regulation policy: a Casbin <see cref="Enforcer"/> over the model and rows, plus what
/// each row means for a <see cref="FieldDecision"/>, read once at load. Never changed after creation.
/// </summary>
internal sealed class RuleEngine
{
    /// <summary>The request definition the evaluator fills, in this order.</summary>
    public static readonly IReadOnlyList<string> RequestTokens = ["sub", "cus", "fld", "act", "app", "grant", "now"];

    public const int FieldIndex = 2;

    private const string PriorityEffect = "priority(p.eft) || deny";
    private const string ModelSource = "model";
    private const string PolicySource = "policy";

    private static readonly DecidingRow NoRow = new("", Allowed: false, Reason: "no-permission", MaskDirective: null);

    private readonly Enforcer _enforcer;
    private readonly int _idColumn;
    private readonly Dictionary<string, DecidingRow> _rows;

    private RuleEngine(Enforcer enforcer, int idColumn, Dictionary<string, DecidingRow> rows)
    {
        _enforcer = enforcer;
        _idColumn = idColumn;
        _rows = rows;
    }

    /// <summary>
    /// Parses, checks and compiles. Throws <see cref="ModelParseException"/> or <see cref="PolicyParseException"/> with the line.
    /// <paramref name="strict"/> adds the names-and-kinds check of the matcher and of every condition (<see cref="PolicyTypeCheck"/>).
    /// </summary>
    public static RuleEngine Create(string modelText, string policyText, bool strict)
    {
        var model = PolicyModel.Parse(modelText, ModelSource);
        var columns = CheckModel(model);
        var matcher = model.Find("m") ?? throw new ModelParseException("the model needs a matcher m", null, ModelSource);
        // A stored policy (not strict) is not checked again: a matcher that no longer checks still compiles lazily,
        // and its checks deny with policy-error.
        PolicyTypeCheck? types = null;
        if (strict)
        {
            types = new PolicyTypeCheck(model.Get("p").Tokens, model.RoleTypes);
            try
            {
                types.CheckCondition(matcher.Value);
            }
            catch (ExpressionException e)
            {
                throw new ModelParseException($"matcher: {e.Message}", matcher.Line, ModelSource);
            }
        }

        var enforcer = new Enforcer(model, policyText, PolicySource);
        var rows = CheckRows(policyText, columns, types, model.Get("p"));
        return new RuleEngine(enforcer, columns.Id, rows);
    }

    /// <summary>
    /// The deciding row of the request (values in <see cref="RequestTokens"/> order) with each of <paramref name="fields"/> as <c>r.fld</c> in turn, into
    /// <paramref name="rows"/>. Rows whose condition did not depend on the field are evaluated once.
    /// </summary>
    public void DecideEach(object?[] request, ReadOnlySpan<object?> fields, Span<DecidingRow> rows)
    {
        var buffer = default(DecisionBuffer);
        Span<Decision> decisions = fields.Length <= DecisionBuffer.Length ? buffer : new Decision[fields.Length];
        _enforcer.EnforceExEach(request, FieldIndex, fields, decisions);
        for (var i = 0; i < fields.Length; i++)
        {
            rows[i] = RowOf(decisions[i]);
        }
    }

    private DecidingRow RowOf(Decision decision) =>
        decision.HasRule && _rows.TryGetValue(decision.Rule[_idColumn], out var row) ? row : NoRow;

    private static Columns CheckModel(PolicyModel model)
    {
        var r = model.Find("r") ?? throw new ModelParseException("the model needs a request definition r", null, ModelSource);
        var expected = RequestTokens.Select(t => "r_" + t);
        if (!r.Tokens.SequenceEqual(expected))
        {
            throw new ModelParseException($"the request definition must be r = {string.Join(", ", RequestTokens)}", r.Line, ModelSource);
        }

        var e = model.Find("e") ?? throw new ModelParseException("the model needs a policy effect e", null, ModelSource);
        if (e.Value.Replace("p_", "p.", StringComparison.Ordinal) != PriorityEffect)
        {
            throw new ModelParseException(
                $"the policy effect must be e = {PriorityEffect}: the first matching row decides", e.Line, ModelSource);
        }

        var p = model.Find("p") ?? throw new ModelParseException("the model needs a policy definition p", null, ModelSource);
        var columns = new Columns(p.IndexOf("id"), p.IndexOf("grant"), p.IndexOf("eft"), p.IndexOf("reason"), p.IndexOf("mask"));
        if (columns.Id < 0 || columns.Eft < 0 || columns.Reason < 0 || columns.Mask < 0)
        {
            throw new ModelParseException("the policy definition needs the columns id, eft, reason and mask", p.Line, ModelSource);
        }

        return columns;
    }

    private static Dictionary<string, DecidingRow> CheckRows(string policyText, Columns columns, PolicyTypeCheck? types, Definition p)
    {
        var rows = new Dictionary<string, DecidingRow>(StringComparer.Ordinal);
        var tokens = p.Tokens.ToList();
        var evaluated = types is null ? [] : types.EvaluatedColumns.Select(c => tokens.IndexOf(c)).ToArray();
        var lastLine = 1;
        foreach (var line in PolicyCsv.Parse(policyText, PolicySource))
        {
            if (line.Fields.Count == 0 || line.Fields[0] != "p")
            {
                continue;
            }

            // Fields after the ptype; the enforcer has already checked their number.
            var f = line.Fields.Skip(1).ToArray();
            var id = f[columns.Id];
            if (id.Length == 0 || id == "-")
            {
                throw Bad(line, "a row needs an id");
            }

            var eft = f[columns.Eft];
            if (eft is not ("allow" or "deny"))
            {
                throw Bad(line, $"row \"{id}\": eft must be allow or deny, not \"{eft}\"");
            }

            if (columns.Grant >= 0 && f[columns.Grant] is not ("any" or "yes" or "no"))
            {
                throw Bad(line, $"row \"{id}\": grant must be any, yes or no, not \"{f[columns.Grant]}\"");
            }

            var reason = Dash(f[columns.Reason]);
            var mask = Dash(f[columns.Mask]);
            if (eft == "deny" && reason is null)
            {
                throw Bad(line, $"row \"{id}\": a deny needs a reason code");
            }

            if (eft == "allow" && mask is not ("field" or "clear") && !Vocabulary.Masks.Contains(mask))
            {
                throw Bad(line, $"row \"{id}\": mask must be field, clear or one of {string.Join(", ", Vocabulary.Masks)}, not \"{mask}\"");
            }

            // Every column the matcher hands to eval() is a condition (p.cond in the baseline): checked now, not by the first check.
            foreach (var column in evaluated)
            {
                try
                {
                    types!.CheckCondition(PolicyModel.EscapeAssertion(f[column]));
                }
                catch (ExpressionException ex)
                {
                    throw Bad(line, $"row \"{id}\": {p.Tokens[column][2..]}: {ex.Message}");
                }
            }

            if (rows.ContainsKey(id))
            {
                throw Bad(line, $"row id \"{id}\" is used twice");
            }

            rows[id] = eft == "allow"
                ? new DecidingRow(id, Allowed: true, Reason: null, MaskDirective: mask)
                : new DecidingRow(id, Allowed: false, Reason: reason, MaskDirective: null);
            lastLine = line.Line;
        }

        if (rows.Count == 0 && types is not null)
        {
            // An empty policy would leave eval() nothing to run; "deny everything" is one explicit row.
            throw new PolicyParseException(
                "the policy has no rows; to deny everything write one: p, default-deny, any, deny, no-permission, -, true", lastLine, PolicySource);
        }

        return rows;
    }

    private static string? Dash(string value) => value.Length == 0 || value == "-" ? null : value;

    private static PolicyParseException Bad(PolicyLine line, string reason) => new(reason, line.Line, PolicySource);

    [System.Runtime.CompilerServices.InlineArray(Length)]
    private struct DecisionBuffer
    {
        public const int Length = 16;

        private Decision _element;
    }

    private readonly record struct Columns(int Id, int Grant, int Eft, int Reason, int Mask);
}

/// <summary>
/// What a deciding policy row says: allowed or not, the reason of a deny, and how to mask an allow
/// (<c>field</c>: the catalogue mask, <c>clear</c>, or a mask name).
/// </summary>
internal sealed record DecidingRow(string Id, bool Allowed, string? Reason, string? MaskDirective)
{
    public FieldDecision ToDecision(string field, FieldSpec spec)
    {
        if (!Allowed)
        {
            return new FieldDecision(field, spec.Level, false, null, Reason, Id.Length == 0 ? null : Id);
        }

        var mask = MaskDirective switch
        {
            "field" => spec.Mask,
            "clear" => null,
            _ => MaskDirective,
        };
        return new FieldDecision(field, spec.Level, true, mask, null, Id);
    }
}
