using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Entitlements.Policy.Rbac;

namespace Entitlements.Policy.Functions;

/// <summary>
/// A function callable from a matcher: receives the evaluated arguments (strings, numbers as <see cref="double"/>,
/// bools, objects) and returns its value. Errors are thrown as <see cref="EvaluationException"/>.
/// </summary>
public delegate object? MatcherFunction(ReadOnlySpan<object?> args);

/// <summary>
/// One bound matcher function: its name, its argument-validating entry point, and, for built-ins, a typed
/// delegate the matcher compiler may call directly when it knows every argument is a string
/// (<see cref="Func{T1, T2, TResult}"/> of <c>(string, string) → bool</c>, or
/// <see cref="Func{T1, T2, T3, TResult}"/> of <c>(string, string, string) → string</c> for <c>keyGet2/3</c>,
/// <c>(string, string) → string</c> for <c>keyGet</c>).
/// </summary>
public sealed record FunctionBinding(string Name, MatcherFunction Invoke, Delegate? Typed = null);

/// <summary>
/// Binds matcher function names to implementations. Immutable: <see cref="With"/> returns a new registry,
/// so a compiled model can hold one safely while a host registers more functions for the next one.
/// </summary>
/// <remarks>
/// <see cref="Builtins"/> holds exactly the reference's matcher functions (<c>keyMatch keyGet keyMatch2 keyGet2
/// keyMatch3 keyGet3 keyMatch4 keyMatch5 regexMatch ipMatch globMatch</c>), each with the reference's
/// argument validation: <c>"&lt;name&gt;: expected N arguments, but got M"</c> and
/// <c>"&lt;name&gt;: argument must be a string"</c>. The role functions <c>g</c>, <c>g2</c>, … are not in
/// here: the engine binds them to its role managers. <c>timeMatch</c> is a link condition, not a matcher
/// function (see <see cref="BuiltinFunctions.TryGetLinkCondition"/>).
/// </remarks>
public sealed class FunctionRegistry
{
    private readonly ImmutableDictionary<string, FunctionBinding> _functions;

    private FunctionRegistry(ImmutableDictionary<string, FunctionBinding> functions) => _functions = functions;

    /// <summary>The reference's built-in matcher functions.</summary>
    public static FunctionRegistry Builtins { get; } = new(CreateBuiltins());

    /// <summary>Every bound name.</summary>
    public IEnumerable<string> Names => _functions.Keys;

    /// <summary>A registry with <paramref name="name"/> bound to <paramref name="function"/> (replacing any existing binding).</summary>
    public FunctionRegistry With(string name, MatcherFunction function)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(function);
        return new(_functions.SetItem(name, new FunctionBinding(name, function)));
    }

    /// <summary>The binding for <paramref name="name"/> (case-sensitive, as in the reference).</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out FunctionBinding binding) =>
        _functions.TryGetValue(name, out binding);

    /// <summary>Calls <paramref name="name"/> with validation. Throws <see cref="ExpressionException"/> for an unknown name.</summary>
    public object? Invoke(string name, ReadOnlySpan<object?> args) =>
        TryGet(name, out var binding)
            ? binding.Invoke(args)
            : throw new ExpressionException($"function {name} is not defined");

    private static ImmutableDictionary<string, FunctionBinding> CreateBuiltins()
    {
        var builder = ImmutableDictionary.CreateBuilder<string, FunctionBinding>(StringComparer.Ordinal);
        Add2("keyMatch", BuiltinFunctions.KeyMatch);
        Add2("keyMatch2", BuiltinFunctions.KeyMatch2);
        Add2("keyMatch3", BuiltinFunctions.KeyMatch3);
        Add2("keyMatch4", BuiltinFunctions.KeyMatch4);
        Add2("keyMatch5", BuiltinFunctions.KeyMatch5);
        Add2("regexMatch", BuiltinFunctions.RegexMatch);
        Add2("ipMatch", BuiltinFunctions.IpMatch);
        Add2("globMatch", BuiltinFunctions.GlobMatch);

        Func<string, string, string> keyGet = BuiltinFunctions.KeyGet;
        builder.Add("keyGet", new("keyGet", args =>
        {
            Validate("keyGet", 2, args);
            return keyGet((string)args[0]!, (string)args[1]!);
        }, keyGet));
        Add3("keyGet2", BuiltinFunctions.KeyGet2);
        Add3("keyGet3", BuiltinFunctions.KeyGet3);
        return builder.ToImmutable();

        void Add2(string name, Func<string, string, bool> fn) =>
            builder.Add(name, new(name, args =>
            {
                Validate(name, 2, args);
                return fn((string)args[0]!, (string)args[1]!);
            }, fn));

        void Add3(string name, Func<string, string, string, string> fn) =>
            builder.Add(name, new(name, args =>
            {
                Validate(name, 3, args);
                return fn((string)args[0]!, (string)args[1]!, (string)args[2]!);
            }, fn));
    }

    /// <summary>The reference's <c>validateVariadicArgs</c>: count first, then every argument must be a string.</summary>
    internal static void Validate(string name, int expected, ReadOnlySpan<object?> args)
    {
        if (args.Length != expected)
        {
            throw new EvaluationException($"{name}: expected {expected} arguments, but got {args.Length}");
        }

        foreach (var arg in args)
        {
            if (arg is not string)
            {
                throw new EvaluationException($"{name}: argument must be a string");
            }
        }
    }
}

public static partial class BuiltinFunctions
{
    private static readonly FrozenDictionary<string, MatchingFunction> MatchingFunctions =
        new Dictionary<string, MatchingFunction>(StringComparer.OrdinalIgnoreCase)
        {
            ["keyMatch"] = KeyMatch,
            ["keyMatch2"] = KeyMatch2,
            ["keyMatch3"] = KeyMatch3,
            ["keyMatch4"] = KeyMatch4,
            ["keyMatch5"] = KeyMatch5,
            ["regexMatch"] = RegexMatch,
            ["globMatch"] = GlobMatch,
            ["ipMatch"] = IpMatch,
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Calls a built-in matcher function by name with the reference's argument validation
    /// (see <see cref="FunctionRegistry.Builtins"/>); returns a <see cref="bool"/> or, for <c>keyGet*</c>, a <see cref="string"/>.
    /// </summary>
    /// <exception cref="EvaluationException">Wrong argument count or type, or an error the reference panics on.</exception>
    /// <exception cref="ExpressionException"><paramref name="name"/> is not a built-in matcher function.</exception>
    public static object? Invoke(string name, ReadOnlySpan<object?> args) => FunctionRegistry.Builtins.Invoke(name, args);

    /// <summary>
    /// A built-in usable as a role manager's name or domain <see cref="MatchingFunction"/>
    /// (<c>AddNamedMatchingFunc(ptype, "KeyMatch2", util.KeyMatch2)</c>): <c>keyMatch</c>…<c>keyMatch5</c>,
    /// <c>regexMatch</c>, <c>globMatch</c>, <c>ipMatch</c>. Names are case-insensitive (<c>KeyMatch2</c> = <c>keyMatch2</c>).
    /// The function is called as <c>fn(name, pattern)</c>.
    /// </summary>
    public static bool TryGetMatchingFunction(string name, [MaybeNullWhen(false)] out MatchingFunction function) =>
        MatchingFunctions.TryGetValue(name, out function);

    /// <summary>
    /// A built-in link condition by name: <c>timeMatch</c> (also <c>TimeMatch</c>, <c>TimeMatchFunc</c>) is
    /// <see cref="TimeMatchCondition"/>.
    /// </summary>
    public static bool TryGetLinkCondition(string name, [MaybeNullWhen(false)] out LinkConditionFunction function)
    {
        function = name.Equals("timeMatch", StringComparison.OrdinalIgnoreCase) || name.Equals("TimeMatchFunc", StringComparison.OrdinalIgnoreCase)
            ? TimeMatchCondition
            : null;
        return function is not null;
    }
}
