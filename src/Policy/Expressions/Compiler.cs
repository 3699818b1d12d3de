using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Entitlements.Policy.Functions;
using Entitlements.Policy.Rbac;

namespace Entitlements.Policy.Expressions;

/// <summary>A registered matcher function; <see cref="Fast"/> is an allocation-free path for two string arguments.</summary>
internal sealed record FunctionEntry(MatcherFunction General, Func<string, string, bool>? Fast = null, bool Safe = false);

/// <summary>Per-decision state a compiled matcher reads. Pooled per thread; never shared between threads.</summary>
internal sealed class EvalContext
{
    public object?[] Request = [];
    public string[] Rule = [];
    public IRoleManager?[] RoleManagers = [];
    public Engine.GMemo?[] Memos = [];

    /// <summary>The request positions read since it was last cleared, one bit each (<see cref="ReadBit"/>).</summary>
    public ulong Reads;

    /// <summary>Position of <see cref="Rule"/> in the decision plan's rules, or -1 when the rule is not one of them.</summary>
    public int RuleIndex = -1;

    /// <summary>Per <c>eval(p_X)</c> site, the compiled rule text of each rule of the plan (filled on first use), or null.</summary>
    public Delegate?[][]? EvalSlots;
    public bool InUse;

    /// <summary>The bit of a request position in <see cref="Reads"/>; positions from 63 on share the last bit.</summary>
    public static ulong ReadBit(int position) => 1UL << Math.Min(position, 63);

    /// <summary>Reads a request value and notes the read.</summary>
    public object? ReadRequest(int position)
    {
        Reads |= ReadBit(position);
        return Request[position];
    }
}

/// <summary>The slot of one attribute name for the last type seen at a matcher site (replaced whole, so reads are consistent).</summary>
internal sealed record SlotEntry(Type Type, int Slot);

internal sealed class SlotCache
{
    public SlotEntry? Entry;
}

[InlineArray(6)]
internal struct ArgBuffer
{
    private object? _element;
}

/// <summary>
/// Compiles matcher text into delegates over an <see cref="EvalContext"/>. Parameters are resolved to
/// request/rule positions at compile time; <c>eval()</c> texts are compiled once and cached by text.
/// </summary>
internal sealed class MatcherCompiler
{
    private readonly Dictionary<string, int> _request;
    private readonly Dictionary<string, int> _rule;
    private readonly IReadOnlyDictionary<string, FunctionEntry> _functions;
    private readonly Dictionary<string, int> _roles;
    private readonly ConcurrentDictionary<string, Func<EvalContext, object?>> _evalCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<EvalContext, bool>> _evalBoolCache = new(StringComparer.Ordinal);

    public MatcherCompiler(
        IReadOnlyList<string> requestTokens,
        IReadOnlyList<string> ruleTokens,
        IReadOnlyList<string> roleTypes,
        IReadOnlyDictionary<string, FunctionEntry> functions)
    {
        _request = Positions(requestTokens);
        _rule = Positions(ruleTokens);
        _roles = Positions(roleTypes);
        _functions = functions;
    }

    private static Dictionary<string, int> Positions(IReadOnlyList<string> tokens)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            map.TryAdd(tokens[i], i);
        }

        return map;
    }

    public bool UsesEval { get; private set; }

    /// <summary>Number of <c>eval()</c> calls whose argument is a plain rule parameter (cacheable per rule position).</summary>
    public int EvalSites { get; private set; }

    public Func<EvalContext, object?> Compile(Node node) => Obj(node);

    public Func<EvalContext, bool> CompileBool(Node node) => Bool(node);

    /// <summary>Compiles the rule text an <c>eval()</c> received (cached by text).</summary>
    private Func<EvalContext, object?> CompileEvalText(string text) => CompileCached(_evalCache, text, Obj);

    /// <summary>Compiles the rule text an <c>eval()</c> received where a boolean is expected (cached by text).</summary>
    private Func<EvalContext, bool> CompileEvalBoolText(string text) => CompileCached(_evalBoolCache, text, Bool);

    private static T CompileCached<T>(ConcurrentDictionary<string, T> cache, string text, Func<Node, T> compile)
    {
        if (cache.TryGetValue(text, out var compiled))
        {
            return compiled;
        }

        compiled = compile(Parser.Parse(Model.PolicyModel.EscapeAssertion(text)));
        if (cache.Count > 10_000)
        {
            cache.Clear();
        }

        cache[text] = compiled;
        return compiled;
    }

    /// <summary>
    /// <c>eval(p_X)</c> where a boolean is expected: the same result and errors as evaluating the text and
    /// requiring a boolean, with the compiled text kept per rule position of the plan.
    /// </summary>
    private Func<EvalContext, bool> EvalBool(ParameterNode ruleParameter)
    {
        UsesEval = true;
        return EvalPerRule(Parameter(ruleParameter), EvalSites++, CompileEvalBoolText);
    }

    /// <summary>
    /// An <c>eval()</c> whose text depends only on the rule: compiled at the first decision that reaches each rule
    /// and kept in the plan's slot for (<paramref name="site"/>, rule position); without slots, compiled by text.
    /// </summary>
    private static Func<EvalContext, T> EvalPerRule<T>(
        Func<EvalContext, object?> arg, int site, Func<string, Func<EvalContext, T>> compile) =>
        c =>
        {
            var slots = c.EvalSlots;
            var index = c.RuleIndex;
            if (slots is not null && index >= 0 && site < slots.Length)
            {
                var row = slots[site];
                var compiled = (Func<EvalContext, T>?)row[index];
                if (compiled is null)
                {
                    compiled = compile(EvalText(arg(c)));
                    row[index] = compiled;
                }

                return compiled(c);
            }

            return compile(EvalText(arg(c)))(c);
        };

    private static string EvalText(object? argument) =>
        argument as string ?? throw new EvaluationException("eval: argument must be a string");

    // ---------------------------------------------------------------- analysis used by the rule index

    /// <summary>If the node is <c>r_X == p_Y</c> (either order, no accessors), the request and rule positions.</summary>
    public (int Request, int Rule)? EqualityPair(Node node)
    {
        if (node is BinaryNode { Operator: "==", Left: ParameterNode { Path.Count: 0 } l, Right: ParameterNode { Path.Count: 0 } r })
        {
            if (_request.TryGetValue(l.Name, out var ri) && _rule.TryGetValue(r.Name, out var pi))
            {
                return (ri, pi);
            }

            if (_request.TryGetValue(r.Name, out ri) && _rule.TryGetValue(l.Name, out pi))
            {
                return (ri, pi);
            }
        }

        return null;
    }

    /// <summary>
    /// The request positions that must hold strings for <paramref name="node"/> to evaluate without error,
    /// or null when it may fail for reasons that depend on the rule (then no later conjunct may prune rules).
    /// </summary>
    public List<int>? SafetyPrecondition(Node node)
    {
        if (EqualityPair(node) is not null)
        {
            return [];
        }

        if (node is BinaryNode { Operator: "==" or "!=", Left: ParameterNode { Path.Count: 0 } a, Right: ParameterNode { Path.Count: 0 } b }
            && Known(a.Name) && Known(b.Name))
        {
            return [];
        }

        if (node is CallNode call && (_roles.ContainsKey(call.Name) || (_functions.TryGetValue(call.Name, out var f) && f.Safe)))
        {
            var needs = new List<int>();
            foreach (var arg in call.Arguments)
            {
                switch (arg)
                {
                    case ParameterNode { Path.Count: 0 } p when _request.TryGetValue(p.Name, out var ri):
                        needs.Add(ri);
                        break;
                    case ParameterNode { Path.Count: 0 } p when _rule.ContainsKey(p.Name):
                        break;
                    case LiteralNode { Value: string }:
                        break;
                    default:
                        return null;
                }
            }

            return needs;
        }

        return null;
    }

    private bool Known(string name) => _request.ContainsKey(name) || _rule.ContainsKey(name);

    // ---------------------------------------------------------------- compilation

    private Func<EvalContext, object?> Obj(Node node)
    {
        switch (node)
        {
            case LiteralNode lit:
                {
                    var value = lit.Value is bool b ? Values.Box(b) : lit.Value;
                    return _ => value;
                }

            case ParameterNode p:
                return Parameter(p);

            case UnaryNode { Operator: "!" }:
            case BinaryNode { Operator: "&&" or "||" or "==" or "!=" or ">" or ">=" or "<" or "<=" or "=~" or "!~" or "in" }:
                {
                    var b = Bool(node);
                    return c => b(c) ? Values.True : Values.False;
                }

            case UnaryNode { Operator: "-" } neg:
                {
                    var o = Obj(neg.Operand);
                    return c => -Number(o(c), "-");
                }

            case UnaryNode { Operator: "~" } inv:
                {
                    var o = Obj(inv.Operand);
                    return c => (double)~(long)Number(o(c), "~");
                }

            case BinaryNode bin:
                return Binary(bin);

            case ListNode list:
                {
                    var items = list.Items.Select(Obj).ToArray();
                    if (list.Items.All(i => i is LiteralNode))
                    {
                        var constant = items.Select(i => i(null!)).ToArray();
                        return _ => constant;
                    }

                    return c =>
                    {
                        var values = new object?[items.Length];
                        for (var i = 0; i < items.Length; i++)
                        {
                            values[i] = items[i](c);
                        }

                        return values;
                    };
                }

            case CallNode call:
                return Call(call);

            default:
                throw new ExpressionException($"unsupported expression {node}");
        }
    }

    private Func<EvalContext, bool> Bool(Node node)
    {
        switch (node)
        {
            case LiteralNode { Value: bool b }:
                return _ => b;
            case CallNode { Name: "eval", Arguments: [ParameterNode { Path.Count: 0 } ruleParameter] }
                when _rule.ContainsKey(ruleParameter.Name) && !_request.ContainsKey(ruleParameter.Name):
                return EvalBool(ruleParameter);

            case UnaryNode { Operator: "!" } not:
                {
                    var o = Bool(not.Operand);
                    return c => !o(c);
                }

            case BinaryNode { Operator: "&&" } and:
                {
                    var l = Bool(and.Left);
                    var r = Bool(and.Right);
                    return c => l(c) && r(c);
                }

            case BinaryNode { Operator: "||" } or:
                {
                    var l = Bool(or.Left);
                    var r = Bool(or.Right);
                    return c => l(c) || r(c);
                }

            case BinaryNode { Operator: "==" or "!=" } eq:
                {
                    var equal = Equality(eq.Left, eq.Right);
                    return eq.Operator == "==" ? equal : c => !equal(c);
                }

            case BinaryNode { Operator: ">" or ">=" or "<" or "<=" } cmp:
                {
                    var l = Obj(cmp.Left);
                    var r = Obj(cmp.Right);
                    var op = cmp.Operator;
                    return op switch
                    {
                        ">" => c => Compare(l(c), r(c), op) > 0,
                        ">=" => c => Compare(l(c), r(c), op) >= 0,
                        "<" => c => Compare(l(c), r(c), op) < 0,
                        _ => c => Compare(l(c), r(c), op) <= 0,
                    };
                }

            case BinaryNode { Operator: "=~" or "!~" } re:
                {
                    var l = Obj(re.Left);
                    var r = Obj(re.Right);
                    var negate = re.Operator == "!~";
                    return c =>
                    {
                        var subject = l(c) as string ?? throw new EvaluationException($"left side of {re.Operator} must be a string");
                        var pattern = r(c) as string ?? throw new EvaluationException($"right side of {re.Operator} must be a string");
                        return Values.Regex(pattern).IsMatch(subject) != negate;
                    };
                }

            case BinaryNode { Operator: "in" } inNode:
                {
                    var l = Obj(inNode.Left);
                    if (inNode.Right is ListNode list && list.Items.Count > 0 && list.Items.All(i => i is LiteralNode { Value: string }))
                    {
                        // A constant list of strings: compare a string item directly.
                        var strings = list.Items.Select(i => (string)((LiteralNode)i).Value!).ToArray();
                        var constant = Obj(inNode.Right);
                        return c =>
                        {
                            var item = l(c);
                            if (item is string s)
                            {
                                foreach (var candidate in strings)
                                {
                                    if (string.Equals(s, candidate, StringComparison.Ordinal))
                                    {
                                        return true;
                                    }
                                }

                                return false;
                            }

                            return Values.In(item, constant(c));
                        };
                    }

                    var r = Obj(inNode.Right);
                    return c => Values.In(l(c), r(c));
                }

            default:
                {
                    var o = Obj(node);
                    return c =>
                    {
                        var v = o(c);
                        return v is bool b ? b : throw new EvaluationException($"value {Values.Describe(v)} is not a boolean");
                    };
                }
        }
    }

    private Func<EvalContext, bool> Equality(Node left, Node right)
    {
        // Fast paths: request/rule parameters compared with each other or with string literals.
        if (left is ParameterNode { Path.Count: 0 } lp && right is ParameterNode { Path.Count: 0 } rp)
        {
            if (_request.TryGetValue(lp.Name, out var ri) && _rule.TryGetValue(rp.Name, out var pi))
            {
                return c => c.ReadRequest(ri) is string s ? string.Equals(s, c.Rule[pi], StringComparison.Ordinal) : Values.ValueEquals(c.Request[ri], c.Rule[pi]);
            }

            if (_rule.TryGetValue(lp.Name, out pi) && _request.TryGetValue(rp.Name, out ri))
            {
                return c => c.ReadRequest(ri) is string s ? string.Equals(s, c.Rule[pi], StringComparison.Ordinal) : Values.ValueEquals(c.Rule[pi], c.Request[ri]);
            }
        }

        // A parameter or attribute compared with a string literal: no second delegate call.
        if (right is LiteralNode { Value: string literal } && left is not LiteralNode)
        {
            return EqualsLiteral(left, literal);
        }

        if (left is LiteralNode { Value: string leftLiteral } && right is not LiteralNode)
        {
            return EqualsLiteral(right, leftLiteral);
        }

        var l = Obj(left);
        var r = Obj(right);
        return c => Values.ValueEquals(l(c), r(c));
    }

    private Func<EvalContext, bool> EqualsLiteral(Node node, string literal)
    {
        if (node is ParameterNode { Path.Count: 0 } p && !_request.ContainsKey(p.Name) && _rule.TryGetValue(p.Name, out var pi))
        {
            return c => string.Equals(c.Rule[pi], literal, StringComparison.Ordinal);
        }

        var o = Obj(node);
        return c =>
        {
            var value = o(c);
            return value is string s ? string.Equals(s, literal, StringComparison.Ordinal) : Values.ValueEquals(value, literal);
        };
    }

    private static int Compare(object? a, object? b, string op)
    {
        if (a is string sa && b is string sb)
        {
            return string.CompareOrdinal(sa, sb);
        }

        if (Values.IsNumber(a) && Values.IsNumber(b))
        {
            return Values.ToDouble(a!).CompareTo(Values.ToDouble(b!));
        }

        throw new EvaluationException($"cannot compare {Values.Describe(a)} {op} {Values.Describe(b)}: both sides must be numbers or both strings");
    }

    private static double Number(object? value, string op) =>
        Values.IsNumber(value) ? Values.ToDouble(value!) : throw new EvaluationException($"value {Values.Describe(value)} cannot be used with the operator '{op}'");

    private Func<EvalContext, object?> Binary(BinaryNode bin)
    {
        var l = Obj(bin.Left);
        var r = Obj(bin.Right);
        var op = bin.Operator;
        switch (op)
        {
            case "+":
                return c =>
                {
                    var a = l(c);
                    var b = r(c);
                    if (Values.IsNumber(a) && Values.IsNumber(b))
                    {
                        return Values.ToDouble(a!) + Values.ToDouble(b!);
                    }

                    if (a is string || b is string)
                    {
                        return Values.Format(a) + Values.Format(b);
                    }

                    throw new EvaluationException($"value {Values.Describe(a)} cannot be used with the operator '+'");
                };
            case "-":
                return c => Number(l(c), op) - Number(r(c), op);
            case "*":
                return c => Number(l(c), op) * Number(r(c), op);
            case "/":
                return c => Number(l(c), op) / Number(r(c), op);
            case "%":
                return c => Number(l(c), op) % Number(r(c), op);
            case "**":
                return c => Math.Pow(Number(l(c), op), Number(r(c), op));
            case "&":
                return c => (double)((long)Number(l(c), op) & (long)Number(r(c), op));
            case "|":
                return c => (double)((long)Number(l(c), op) | (long)Number(r(c), op));
            case "^":
                return c => (double)((long)Number(l(c), op) ^ (long)Number(r(c), op));
            case "<<":
                return c => (double)((long)Number(l(c), op) << (int)Number(r(c), op));
            case ">>":
                return c => (double)((long)Number(l(c), op) >> (int)Number(r(c), op));
            case "?":
                return c => l(c) is bool cond
                    ? (cond ? r(c) : null)
                    : throw new EvaluationException("left side of ? must be a boolean");
            case ":":
                return c => l(c) ?? r(c);
            case "??":
                return c => l(c) ?? r(c);
            default:
                throw new ExpressionException($"unsupported operator {op}");
        }
    }

    private Func<EvalContext, object?> Parameter(ParameterNode p)
    {
        Func<EvalContext, object?> root;
        if (_request.TryGetValue(p.Name, out var ri))
        {
            root = c => c.ReadRequest(ri);
        }
        else if (_rule.TryGetValue(p.Name, out var pi))
        {
            root = c => c.Rule[pi];
        }
        else
        {
            var name = p.Name;
            root = _ => throw new EvaluationException($"no parameter '{name}' found");
        }

        if (p.Path.Count == 0)
        {
            return root;
        }

        var path = p.Path.ToArray();
        var display = p.Name + "." + string.Join('.', path);
        if (path.Length == 1)
        {
            var member = path[0];
            var cache = new SlotCache();
            return c =>
            {
                var value = root(c);
                if (value is IAttributeSlots slots)
                {
                    var type = value.GetType();
                    var entry = cache.Entry;
                    if (entry is null || entry.Type != type)
                    {
                        entry = new SlotEntry(type, slots.SlotOf(member));
                        cache.Entry = entry;
                    }

                    if (entry.Slot >= 0 && slots.TryGetSlot(entry.Slot, out var slotValue))
                    {
                        return Values.Normalize(slotValue);
                    }
                }

                return Attributes.Get(value, member, display);
            };
        }

        return c =>
        {
            var value = root(c);
            foreach (var member in path)
            {
                value = Attributes.Get(value, member, display);
            }

            return value;
        };
    }

    private Func<EvalContext, object?> Call(CallNode call)
    {
        var args = call.Arguments.Select(Obj).ToArray();
        if (call.Name == "eval")
        {
            UsesEval = true;
            if (args.Length != 1)
            {
                throw new ExpressionException($"eval: expected 1 argument, but got {args.Length}");
            }

            var arg = args[0];
            if (call.Arguments[0] is ParameterNode { Path.Count: 0 } ruleParameter && _rule.ContainsKey(ruleParameter.Name) && !_request.ContainsKey(ruleParameter.Name))
            {
                // The text depends only on the rule: the compiled form is kept per rule position of the plan.
                return EvalPerRule(arg, EvalSites++, CompileEvalText);
            }

            return c => CompileEvalText(EvalText(arg(c)))(c);
        }

        if (_roles.TryGetValue(call.Name, out var role))
        {
            var name = call.Name;
            if (args.Length is < 2)
            {
                throw new ExpressionException($"{name}: expected at least 2 arguments, but got {args.Length}");
            }

            var a0 = args[0];
            var a1 = args[1];
            var a2 = args.Length > 2 ? args[2] : null;
            return c =>
            {
                var rm = c.RoleManagers[role] ?? throw new EvaluationException($"{name}: no role manager");
                var user = a0(c) as string ?? throw new EvaluationException($"{name}: argument must be a string");
                var target = a1(c) as string ?? throw new EvaluationException($"{name}: argument must be a string");
                var domain = a2 is null ? "" : a2(c) as string ?? throw new EvaluationException($"{name}: argument must be a string");
                var memo = role < c.Memos.Length ? c.Memos[role] : null;
                return Values.Box(memo is null ? rm.HasLink(user, target, domain) : memo.HasLink(rm, user, target, domain));
            };
        }

        if (!_functions.TryGetValue(call.Name, out var fn))
        {
            throw new ExpressionException($"undefined function {call.Name}");
        }

        if (fn.Fast is { } fast && args.Length == 2)
        {
            var general = fn.General;
            var x = args[0];
            var y = args[1];
            return c =>
            {
                var a = x(c);
                var b = y(c);
                if (a is string sa && b is string sb)
                {
                    return Values.Box(fast(sa, sb));
                }

                return Values.Normalize(general([a, b]));
            };
        }

        var function = fn.General;
        if (args.Length <= 6)
        {
            var count = args.Length;
            return c =>
            {
                var buffer = default(ArgBuffer);
                for (var i = 0; i < count; i++)
                {
                    buffer[i] = args[i](c);
                }

                ReadOnlySpan<object?> span = buffer;
                return Normalize(function(span[..count]));
            };
        }

        return c =>
        {
            var values = new object?[args.Length];
            for (var i = 0; i < args.Length; i++)
            {
                values[i] = args[i](c);
            }

            return Normalize(function(values));
        };
    }

    private static object? Normalize(object? value) => value is bool b ? Values.Box(b) : Values.Normalize(value);
}
