using Entitlements.Policy.Expressions;
using Entitlements.Policy.Functions;

namespace Entitlements.Policy.Regulation;

/// <summary>
/// Checks a regulation matcher or row condition before it is accepted: every name it reads exists (request
/// attributes, policy columns, functions), every operator gets operands of a kind it works on, and the whole is a
/// condition. The matcher language is dynamically typed, so without this a misspelt attribute or a comparison of a
/// list with a number would be found only by the first check that reached it, and every such check would fail.
/// </summary>
/// <remarks>
/// <see cref="Kind.Any"/> stands for a value the check cannot know (a function's result, a ternary); it is accepted
/// wherever a value is expected, so the check never refuses a text that could evaluate.
/// </remarks>
internal sealed class PolicyTypeCheck
{
    private static readonly Dictionary<string, AttributeSchema?> RequestObjects = new(StringComparer.Ordinal)
    {
        ["r_sub"] = SubjectAttributes.Schema,
        ["r_cus"] = CustomerAttributes.Schema,
        ["r_fld"] = FieldAttributes.Schema,
        ["r_grant"] = GrantAttributes.Schema,
    };

    private static readonly Dictionary<string, Kind> RequestScalars = new(StringComparer.Ordinal)
    {
        ["r_act"] = Kind.String,
        ["r_app"] = Kind.String,
        ["r_now"] = Kind.Number,
    };

    private readonly HashSet<string> _ruleColumns;
    private readonly HashSet<string> _roleFunctions;

    public PolicyTypeCheck(IEnumerable<string> ruleColumns, IEnumerable<string> roleFunctions)
    {
        _ruleColumns = new HashSet<string>(ruleColumns, StringComparer.Ordinal);
        _roleFunctions = new HashSet<string>(roleFunctions, StringComparer.Ordinal);
    }

    internal enum Kind
    {
        Any,
        Bool,
        Number,
        String,
        List,
        Object,
    }

    /// <summary>The policy columns the checked texts hand to <c>eval()</c> (<c>p_cond</c>): each row's value there is a condition too.</summary>
    public HashSet<string> EvaluatedColumns { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="text"/> (already escaped: <c>r_sub.roles</c>) and checks that it is a condition; throws <see cref="ExpressionException"/>.</summary>
    public void CheckCondition(string text)
    {
        var node = Parser.Parse(text);
        var kind = Of(node);
        if (kind is not (Kind.Bool or Kind.Any))
        {
            throw new ExpressionException($"the expression is {Describe(kind)}, not a condition (true or false)");
        }
    }

    private Kind Of(Node node) => node switch
    {
        LiteralNode { Value: bool } => Kind.Bool,
        LiteralNode { Value: double } => Kind.Number,
        LiteralNode { Value: string } => Kind.String,
        LiteralNode => Kind.Any,
        ParameterNode parameter => OfParameter(parameter),
        ListNode list => OfList(list),
        UnaryNode unary => OfUnary(unary),
        BinaryNode binary => OfBinary(binary),
        CallNode call => OfCall(call),
        _ => Kind.Any,
    };

    private Kind OfParameter(ParameterNode parameter)
    {
        var shown = Shown(parameter.Name);
        if (RequestObjects.TryGetValue(parameter.Name, out var schema))
        {
            if (parameter.Path.Count == 0)
            {
                return Kind.Object;
            }

            var slot = schema!.SlotOf(parameter.Path[0]);
            if (slot < 0)
            {
                throw new ExpressionException($"{shown} has no attribute \"{parameter.Path[0]}\" (it has {schema.Describe()})");
            }

            if (parameter.Path.Count > 1)
            {
                throw new ExpressionException($"{shown}.{parameter.Path[0]} has no attribute \"{parameter.Path[1]}\"");
            }

            return ToKind(schema.Attributes[slot].Kind);
        }

        Kind? scalar = RequestScalars.TryGetValue(parameter.Name, out var kind) ? kind
            : _ruleColumns.Contains(parameter.Name) ? Kind.String
            : null;
        if (scalar is not null)
        {
            if (parameter.Path.Count > 0)
            {
                throw new ExpressionException($"{shown} is {Describe(scalar.Value)} and has no attribute \"{parameter.Path[0]}\"");
            }

            return scalar.Value;
        }

        var known = string.Join(", ", RequestObjects.Keys.Concat(RequestScalars.Keys).Select(Shown));
        throw new ExpressionException($"unknown name \"{shown}\" (the request has {known}, and the policy columns {string.Join(", ", _ruleColumns.Select(Shown))})");
    }

    private Kind OfList(ListNode list)
    {
        foreach (var item in list.Items)
        {
            Of(item);
        }

        return Kind.List;
    }

    private Kind OfUnary(UnaryNode unary)
    {
        var operand = Of(unary.Operand);
        return unary.Operator switch
        {
            "!" => Expect(operand, Kind.Bool, "!"),
            _ => Expect(operand, Kind.Number, unary.Operator),
        };
    }

    private Kind OfBinary(BinaryNode binary)
    {
        var left = Of(binary.Left);
        var right = Of(binary.Right);
        var op = binary.Operator;
        switch (op)
        {
            case "&&" or "||":
                Expect(left, Kind.Bool, op);
                return Expect(right, Kind.Bool, op);
            case "==" or "!=":
                if (left != Kind.Any && right != Kind.Any && left != right)
                {
                    throw new ExpressionException(
                        $"\"{op}\" compares {Describe(left)} with {Describe(right)}, which is always {(op == "==" ? "false" : "true")}");
                }

                return Kind.Bool;
            case ">" or ">=" or "<" or "<=":
                if (!(Fits(left, Kind.Number) && Fits(right, Kind.Number)) && !(Fits(left, Kind.String) && Fits(right, Kind.String)))
                {
                    throw new ExpressionException($"\"{op}\" compares two numbers or two strings, not {Describe(left)} and {Describe(right)}");
                }

                return Kind.Bool;
            case "=~" or "!~":
                Expect(left, Kind.String, op);
                Expect(right, Kind.String, op);
                return Kind.Bool;
            case "in":
                Expect(right, Kind.List, op);
                return Kind.Bool;
            case "+":
                return left == Kind.Number && right == Kind.Number ? Kind.Number : Kind.Any;
            case "?":
                Expect(left, Kind.Bool, op);
                return Kind.Any;
            case ":" or "??":
                return Kind.Any;
            default:
                Expect(left, Kind.Number, op);
                return Expect(right, Kind.Number, op);
        }
    }

    private Kind OfCall(CallNode call)
    {
        foreach (var argument in call.Arguments)
        {
            Of(argument);
        }

        if (call.Name == "eval")
        {
            if (call.Arguments is [ParameterNode { Path.Count: 0 } column] && _ruleColumns.Contains(column.Name))
            {
                EvaluatedColumns.Add(column.Name);
            }

            return Kind.Bool;
        }

        if (_roleFunctions.Contains(call.Name))
        {
            return Kind.Bool;
        }

        if (FunctionRegistry.Builtins.TryGet(call.Name, out _))
        {
            return call.Name.StartsWith("keyGet", StringComparison.Ordinal) ? Kind.String : Kind.Bool;
        }

        throw new ExpressionException($"unknown function \"{call.Name}\"");
    }

    private static Kind Expect(Kind actual, Kind expected, string op) =>
        Fits(actual, expected)
            ? expected
            : throw new ExpressionException($"\"{op}\" needs {Describe(expected)}, not {Describe(actual)}");

    private static bool Fits(Kind actual, Kind expected) => actual == expected || actual == Kind.Any;

    private static Kind ToKind(AttributeKind kind) => kind switch
    {
        AttributeKind.Bool => Kind.Bool,
        AttributeKind.Number => Kind.Number,
        AttributeKind.String => Kind.String,
        AttributeKind.List => Kind.List,
        _ => Kind.Object,
    };

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Bool => "true or false",
        Kind.Number => "a number",
        Kind.String => "a string",
        Kind.List => "a list",
        Kind.Object => "an object",
        _ => "a value",
    };

    /// <summary><c>r_sub</c> is shown as the author wrote it: <c>r.sub</c>.</summary>
    private static string Shown(string name)
    {
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        return underscore < 0 ? name : string.Concat(name.AsSpan(0, underscore), ".", name.AsSpan(underscore + 1));
    }
}
