using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Entitlements.Policy.Expressions;

/// <summary>
/// A request object that exposes its attributes without reflection (<c>r.obj.Owner</c> calls
/// <c>TryGetAttribute("Owner", out value)</c>). Return false for an attribute that does not exist.
/// </summary>
public interface IAttributeSource
{
    bool TryGetAttribute(string name, out object? value);
}

/// <summary>
/// An <see cref="IAttributeSource"/> whose attributes also have positions: a matcher resolves a name to a
/// slot once per type and reads the slot afterwards. <c>TryGetSlot(SlotOf(name))</c> must equal
/// <c>TryGetAttribute(name)</c>; <see cref="SlotOf"/> is -1 for an unknown name and depends on the type only.
/// </summary>
internal interface IAttributeSlots : IAttributeSource
{
    int SlotOf(string name);

    bool TryGetSlot(int slot, out object? value);
}

/// <summary>Value semantics of the matcher language: govaluate's float64 numbers and type-strict equality.</summary>
internal static class Values
{
    public static readonly object True = true;
    public static readonly object False = false;

    public static object Box(bool value) => value ? True : False;

    public static bool IsNumber(object? value) =>
        value is double or int or long or float or decimal or short or byte or sbyte or ushort or uint or ulong;

    public static double ToDouble(object value) => value switch
    {
        double d => d,
        int i => i,
        long l => l,
        float f => f,
        decimal m => (double)m,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        uint ui => ui,
        ulong ul => ul,
        _ => throw new EvaluationException($"value {Describe(value)} is not a number"),
    };

    /// <summary>Converts host values to the language's types: integral numbers become double, JSON primitives become CLR values.</summary>
    public static object? Normalize(object? value)
    {
        switch (value)
        {
            case null:
            case string:
            case bool:
            case double:
                return value;
            case not ValueType:
                // Numbers, enums and JSON elements are value types: any other object is kept as it is.
                return value;
            case JsonElement json:
                return FromJson(json);
            default:
                if (IsNumber(value))
                {
                    return ToDouble(value);
                }

                if (value.GetType().IsEnum)
                {
                    return Convert.ToDouble(value, CultureInfo.InvariantCulture);
                }

                return value;
        }
    }

    public static object? FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number => json.GetDouble(),
        JsonValueKind.True => True,
        JsonValueKind.False => False,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array => json.EnumerateArray().Select(FromJson).ToArray(),
        _ => json,
    };

    public static bool IsList(object? value) =>
        value is not null and not string and not JsonElement and IEnumerable and not IDictionary
        && !IsDictionary(value);

    private static bool IsDictionary(object value) =>
        value is IReadOnlyDictionary<string, object?> or IDictionary<string, object?> or IAttributeSource;

    /// <summary>reflect.DeepEqual after number normalisation: "1" != 1, 1 == 1.0.</summary>
    public static bool ValueEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is string sa)
        {
            return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
        }

        if (a is null || b is null)
        {
            return false;
        }

        if (IsNumber(a))
        {
            return IsNumber(b) && ToDouble(a) == ToDouble(b);
        }

        if (a is bool ba)
        {
            return b is bool bb && ba == bb;
        }

        if (IsList(a) && IsList(b))
        {
            var ea = ((IEnumerable)a).Cast<object?>().ToList();
            var eb = ((IEnumerable)b).Cast<object?>().ToList();
            if (ea.Count != eb.Count)
            {
                return false;
            }

            for (var i = 0; i < ea.Count; i++)
            {
                if (!ValueEquals(Normalize(ea[i]), Normalize(eb[i])))
                {
                    return false;
                }
            }

            return true;
        }

        return a.Equals(b);
    }

    public static bool In(object? item, object? list)
    {
        // Strings in a list of strings: ordinal comparison, no enumerator (same result as the general path).
        if (item is string text && list is IReadOnlyList<string> strings && IsKnownStringList(list))
        {
            for (var i = 0; i < strings.Count; i++)
            {
                if (string.Equals(text, strings[i], StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        if (!IsList(list))
        {
            throw new EvaluationException($"value {Describe(list)} cannot be used with the modifier 'in' (it is not an array)");
        }

        foreach (var element in (IEnumerable)list!)
        {
            if (ValueEquals(item, Normalize(element)))
            {
                return true;
            }
        }

        return false;
    }

    private static Type? _stringList;

    /// <summary>IsList for a string list, remembering the last list type seen (a benign race: only list types are stored).</summary>
    private static bool IsKnownStringList(object list)
    {
        var type = list.GetType();
        if (type == typeof(string[]) || type == Volatile.Read(ref _stringList))
        {
            return true;
        }

        if (!IsList(list))
        {
            return false;
        }

        Volatile.Write(ref _stringList, type);
        return true;
    }

    public static string Describe(object? value) => value switch
    {
        null => "nil",
        string s => $"'{s}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? value.GetType().Name,
    };

    public static string Format(object? value) => value switch
    {
        null => "<nil>",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The matcher's <c>=~</c> uses Go RE2 semantics, like <c>regexMatch</c>.</summary>
    public static Regex Regex(string pattern) => Functions.GoRegex.Get(pattern);
}

/// <summary>Reads <c>target.Name</c> from dictionaries, JSON objects, <see cref="IAttributeSource"/> or POCOs (compiled getters cached per type).</summary>
internal static class Attributes
{
    private static readonly ConcurrentDictionary<(Type, string), Func<object, object?>?> Getters = new();

    public static object? Get(object? target, string name, string path)
    {
        switch (target)
        {
            case null:
                throw new EvaluationException($"cannot read \"{name}\" of nil ({path})");
            case IAttributeSource source:
                return source.TryGetAttribute(name, out var v) ? Values.Normalize(v) : throw Missing(name, path);
            case IReadOnlyDictionary<string, object?> rod:
                return rod.TryGetValue(name, out var rv) ? Values.Normalize(rv) : throw Missing(name, path);
            case IDictionary<string, object?> dict:
                return dict.TryGetValue(name, out var dv) ? Values.Normalize(dv) : throw Missing(name, path);
            case IReadOnlyDictionary<string, string> srod:
                return srod.TryGetValue(name, out var sv) ? sv : throw Missing(name, path);
            case JsonElement json:
                return json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var prop)
                    ? Values.FromJson(prop)
                    : throw Missing(name, path);
            case string or double or bool:
                throw Missing(name, path);
        }

        var getter = Getters.GetOrAdd((target.GetType(), name), static key => BuildGetter(key.Item1, key.Item2));
        return getter is null ? throw Missing(name, path) : Values.Normalize(getter(target));
    }

    private static EvaluationException Missing(string name, string path) =>
        new($"no field or method \"{name}\" present on parameter ({path})");

    private static Func<object, object?>? BuildGetter(Type type, string name)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        MemberInfo? member = (MemberInfo?)type.GetProperty(name, flags) ?? type.GetField(name, flags);
        if (member is PropertyInfo { GetMethod: null } || (member is PropertyInfo p && p.GetIndexParameters().Length > 0))
        {
            return null;
        }

        if (member is null)
        {
            return null;
        }

        var parameter = Expression.Parameter(typeof(object), "target");
        var typed = Expression.Convert(parameter, type);
        Expression access = member is PropertyInfo property
            ? Expression.Property(typed, property)
            : Expression.Field(typed, (FieldInfo)member);
        var body = Expression.Convert(access, typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, parameter).Compile();
    }
}
