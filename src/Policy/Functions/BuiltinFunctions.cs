using System.Buffers;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Entitlements.Policy.Functions;

/// <summary>
/// The reference's built-in matcher functions (<c>util/builtin_operators.go</c>) with exactly its semantics,
/// including its quirks (see SPEC.md §4 and §8). Arguments are always <c>(request value, policy pattern)</c>.
/// Every function is thread-safe; compiled patterns are cached (bounded).
/// </summary>
/// <remarks>
/// Where the reference panics (invalid regex, unparsable IP, <c>keyMatch4</c> capture mismatch, bad glob),
/// these throw <see cref="EvaluationException"/>. Matcher-level entry points with the reference's argument
/// validation are <see cref="Invoke(string, ReadOnlySpan{object?})"/> and <see cref="FunctionRegistry"/>.
/// </remarks>
public static partial class BuiltinFunctions
{
    private const int MaxCacheEntries = 4096;

    // Characters that make a keyMatch2/3/5 pattern more than a literal once turned into a regex.
    private static readonly SearchValues<char> RegexMeta = SearchValues.Create("\\.+*?()|[]{}^$:");

    private static readonly ConcurrentDictionary<string, PathPattern> KeyMatch2Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, PathPattern> KeyMatch3Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, KeyMatch4Pattern> KeyMatch4Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, NamedPattern> KeyGet2Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, NamedPattern> KeyGet3Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>keyMatch</c>: only the first <c>*</c> in <paramref name="key2"/> matters. Without one, plain equality;
    /// with one, <paramref name="key1"/> must start with the text before it (a prefix match that crosses <c>/</c>).
    /// </summary>
    public static bool KeyMatch(string key1, string key2)
    {
        var star = key2.IndexOf('*');
        return star < 0
            ? string.Equals(key1, key2, StringComparison.Ordinal)
            : key1.AsSpan().StartsWith(key2.AsSpan(0, star), StringComparison.Ordinal);
    }

    /// <summary><c>keyGet</c>: the part of <paramref name="key1"/> matched by the first <c>*</c> of <paramref name="key2"/>, or <c>""</c>.</summary>
    public static string KeyGet(string key1, string key2)
    {
        var star = key2.IndexOf('*');
        if (star < 0 || key1.Length <= star || !key1.AsSpan().StartsWith(key2.AsSpan(0, star), StringComparison.Ordinal))
        {
            return "";
        }

        return key1[star..];
    }

    /// <summary>
    /// <c>keyMatch2</c>: <c>/*</c> → <c>/.*</c>, <c>:name</c> → <c>[^/]+</c>, then a Go regex search of
    /// <c>^pattern$</c>. Other regex metacharacters stay live (<c>/foo*</c> matches <c>/fooo</c>, not <c>/foobar</c>;
    /// <c>*</c> alone matches everything).
    /// </summary>
    public static bool KeyMatch2(string key1, string key2)
    {
        if (key2.AsSpan().IndexOfAny(RegexMeta) < 0)
        {
            return string.Equals(key1, key2, StringComparison.Ordinal);
        }

        return GetOrAdd(KeyMatch2Cache, key2, static k => PathPattern.Compile(ColonParameter().Replace(k.Replace("/*", "/.*", StringComparison.Ordinal), "[^/]+")))
            .IsMatch(key1);
    }

    /// <summary><c>keyGet2</c>: the value of <c>:pathVar</c> in <paramref name="key1"/> under pattern <paramref name="key2"/>, or <c>""</c>.</summary>
    public static string KeyGet2(string key1, string key2, string pathVar)
    {
        var pattern = GetOrAdd(KeyGet2Cache, key2, static k =>
        {
            var replaced = k.Replace("/*", "/.*", StringComparison.Ordinal);
            var names = ColonParameter().Matches(replaced).Select(m => m.Value[1..]).ToArray();
            return new NamedPattern(GoRegex.Compile("^" + ColonParameter().Replace(replaced, "([^/]+)") + "$"), names);
        });
        return pattern.Get(key1, pathVar);
    }

    /// <summary><c>keyMatch3</c>: like <see cref="KeyMatch2"/> with <c>{name}</c> segments (a <c>{…}</c> never spans <c>/</c>).</summary>
    public static bool KeyMatch3(string key1, string key2)
    {
        if (key2.AsSpan().IndexOfAny(RegexMeta) < 0)
        {
            return string.Equals(key1, key2, StringComparison.Ordinal);
        }

        return GetOrAdd(KeyMatch3Cache, key2, CompileKeyMatch3).IsMatch(key1);
    }

    /// <summary><c>keyGet3</c>: the value of <c>{pathVar}</c> (non-greedy, several per segment allowed), or <c>""</c>.</summary>
    public static string KeyGet3(string key1, string key2, string pathVar)
    {
        var pattern = GetOrAdd(KeyGet3Cache, key2, static k =>
        {
            var replaced = k.Replace("/*", "/.*", StringComparison.Ordinal);
            var names = BraceParameterLazy().Matches(replaced).Select(m => m.Value[1..^1]).ToArray();
            return new NamedPattern(GoRegex.Compile("^" + BraceParameterLazy().Replace(replaced, "([^/]+?)") + "$"), names);
        });
        return pattern.Get(key1, pathVar);
    }

    /// <summary>
    /// <c>keyMatch4</c>: like <see cref="KeyMatch3"/>, but every occurrence of a repeated <c>{name}</c> must
    /// capture the same value. Throws <see cref="EvaluationException"/> when the pattern's own groups make
    /// tokens and captures disagree (the reference panics).
    /// </summary>
    public static bool KeyMatch4(string key1, string key2)
    {
        var pattern = GetOrAdd(KeyMatch4Cache, key2, static k =>
        {
            var replaced = k.Replace("/*", "/.*", StringComparison.Ordinal);
            var tokens = new List<string>();
            var regexText = BraceParameterGreedyCapture().Replace(replaced, m =>
            {
                tokens.Add(m.Groups[1].Value);
                return "([^/]+)";
            });
            return new KeyMatch4Pattern(GoRegex.Compile("^" + regexText + "$"), [.. tokens]);
        });
        return pattern.IsMatch(key1);
    }

    /// <summary><c>keyMatch5</c>: drops a <c>?query</c> from <paramref name="key1"/>, then <see cref="KeyMatch3"/> rules.</summary>
    public static bool KeyMatch5(string key1, string key2)
    {
        var query = key1.IndexOf('?');
        if (query >= 0)
        {
            key1 = key1[..query];
        }

        return KeyMatch3(key1, key2);
    }

    /// <summary><c>regexMatch</c>: Go RE2 <c>MatchString</c> — an unanchored search. Throws <see cref="EvaluationException"/> for an invalid pattern.</summary>
    public static bool RegexMatch(string key1, string pattern) => GoRegex.Get(pattern).IsMatch(key1);

    /// <summary>
    /// <c>ipMatch</c>: <paramref name="ip1"/> must be an IP (Go <c>net.ParseIP</c> rules); <paramref name="ip2"/> is a
    /// CIDR (host bits allowed) or a single IP compared like <c>net.IP.Equal</c> (IPv4 equals its IPv4-mapped form).
    /// </summary>
    public static bool IpMatch(string ip1, string ip2)
    {
        if (!GoIp.TryParseIp(ip1, out var address))
        {
            throw new EvaluationException("invalid argument: ip1 in IPMatch() function is not an IP address.");
        }

        if (GoIp.TryParseCidr(ip2, out var network))
        {
            return network.Contains(address);
        }

        if (!GoIp.TryParseIp(ip2, out var other))
        {
            throw new EvaluationException("invalid argument: ip2 in IPMatch() function is neither an IP address nor a CIDR.");
        }

        return address == other;
    }

    /// <summary><c>globMatch</c>: <c>doublestar.Match(pattern, key1)</c> (v4 semantics). Throws <see cref="EvaluationException"/> for a malformed pattern.</summary>
    public static bool GlobMatch(string key1, string pattern) => Glob.Match(pattern, key1);

    /// <summary>
    /// <c>TimeMatch(start, end)</c> evaluated at <paramref name="now"/>: <c>"_"</c> leaves a bound open; otherwise the
    /// bound is <c>yyyy-MM-dd HH:mm:ss</c> in UTC (year 0000 allowed) and <paramref name="now"/> must lie strictly
    /// after the start and strictly before the end. Throws <see cref="EvaluationException"/> for an unparsable bound.
    /// </summary>
    public static bool TimeMatch(string startTime, string endTime, DateTimeOffset now)
    {
        var ticks = GoTime.ToTicks(now);
        if (startTime != "_")
        {
            if (!GoTime.TryParse(startTime, out var start, out var error))
            {
                throw new EvaluationException(error!);
            }

            if (ticks <= start)
            {
                return false;
            }
        }

        if (endTime != "_")
        {
            if (!GoTime.TryParse(endTime, out var end, out var error))
            {
                throw new EvaluationException(error!);
            }

            if (ticks >= end)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The reference's <c>util.TimeMatchFunc</c> as a link condition: the link's parameters must be exactly
    /// <c>(start, end)</c>, else it throws <see cref="EvaluationException"/> (<c>"TimeMatch: expected 2 arguments, but got N"</c>),
    /// which the role manager treats as a failed condition.
    /// </summary>
    public static bool TimeMatchCondition(IReadOnlyList<string> parameters, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count != 2)
        {
            throw new EvaluationException($"TimeMatch: expected 2 arguments, but got {parameters.Count}");
        }

        return TimeMatch(parameters[0], parameters[1], now);
    }

    private static PathPattern CompileKeyMatch3(string key2) =>
        PathPattern.Compile(BraceParameterGreedy().Replace(key2.Replace("/*", "/.*", StringComparison.Ordinal), "[^/]+"));

    private static TValue GetOrAdd<TValue>(ConcurrentDictionary<string, TValue> cache, string key, Func<string, TValue> factory)
    {
        if (cache.TryGetValue(key, out var value))
        {
            return value;
        }

        value = factory(key);
        if (cache.Count >= MaxCacheEntries)
        {
            cache.Clear();
        }

        return cache.GetOrAdd(key, value);
    }

    // The reference's helper regexes; their meaning is the same under RE2 and .NET.
    [GeneratedRegex(":[^/]+", RegexOptions.CultureInvariant)]
    private static partial Regex ColonParameter();

    [GeneratedRegex("\\{[^/]+\\}", RegexOptions.CultureInvariant)]
    private static partial Regex BraceParameterGreedy();

    [GeneratedRegex("\\{[^/]+?\\}", RegexOptions.CultureInvariant)]
    private static partial Regex BraceParameterLazy();

    [GeneratedRegex("{([^/]+)}", RegexOptions.CultureInvariant)]
    private static partial Regex BraceParameterGreedyCapture();

    private sealed class NamedPattern(Regex regex, string[] names)
    {
        public string Get(string key1, string pathVar)
        {
            var match = regex.Match(key1);
            if (!match.Success)
            {
                return "";
            }

            for (var i = 0; i < names.Length; i++)
            {
                if (names[i] == pathVar)
                {
                    return i + 1 < match.Groups.Count ? match.Groups[i + 1].Value : "";
                }
            }

            return "";
        }
    }

    private sealed class KeyMatch4Pattern(Regex regex, string[] tokens)
    {
        public bool IsMatch(string key1)
        {
            var match = regex.Match(key1);
            if (!match.Success)
            {
                return false;
            }

            if (tokens.Length != match.Groups.Count - 1)
            {
                throw new EvaluationException("KeyMatch4: number of tokens is not equal to number of values");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < tokens.Length; i++)
            {
                var captured = match.Groups[i + 1].Value;
                if (!values.TryAdd(tokens[i], captured) && values[tokens[i]] != captured)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
