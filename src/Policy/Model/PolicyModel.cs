using System.Text;
using System.Text.RegularExpressions;

namespace Entitlements.Policy.Model;

/// <summary>One definition of a model section: <c>r</c>, <c>p2</c>, <c>g</c>, <c>e</c>, <c>m2</c>, ...</summary>
public sealed class Definition
{
    internal Definition(string key, string value, IReadOnlyList<string> tokens, int line)
    {
        Key = key;
        Value = value;
        Tokens = tokens;
        Line = line;
    }

    /// <summary>The key, e.g. <c>p</c>, <c>p2</c>, <c>g</c>.</summary>
    public string Key { get; }

    /// <summary>The value as written (after comment removal and, for matchers/effects, escaping).</summary>
    public string Value { get; }

    /// <summary>For r/p: <c>p_sub</c>, <c>p_obj</c>, ...; for g: <c>_</c> per field (params excluded).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>For g: the number of required fields (count of <c>_</c> before the parameter group).</summary>
    public int Arity { get; internal init; }

    /// <summary>For g: the number of conditional parameters (the <c>(_, _)</c> group), 0 when none.</summary>
    public int ParameterCount { get; internal init; }

    /// <summary>1-based line in the model text where the definition starts.</summary>
    public int Line { get; }

    /// <summary>Index of the token with the given short name (<c>sub</c> finds <c>p_sub</c>), or -1.</summary>
    public int IndexOf(string shortName)
    {
        var full = Key + "_" + shortName;
        for (var i = 0; i < Tokens.Count; i++)
        {
            if (Tokens[i] == full)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// A parsed Casbin model (CONF text): request, policy, role, effect, matcher and constraint definitions.
/// Immutable; parse with <see cref="Parse"/>.
/// </summary>
public sealed partial class PolicyModel
{
    private static readonly Dictionary<string, string> SectionKeys = new(StringComparer.Ordinal)
    {
        ["request_definition"] = "r",
        ["policy_definition"] = "p",
        ["role_definition"] = "g",
        ["policy_effect"] = "e",
        ["matchers"] = "m",
        ["constraint_definition"] = "c",
    };

    private readonly Dictionary<string, Definition> _definitions;

    private PolicyModel(string text, Dictionary<string, Definition> definitions)
    {
        Text = text;
        _definitions = definitions;
        RequestTypes = Keys("r");
        PolicyTypes = Keys("p");
        RoleTypes = Keys("g");
        EffectTypes = Keys("e");
        MatcherTypes = Keys("m");
        ConstraintTypes = Keys("c");
    }

    /// <summary>The CONF text the model was parsed from.</summary>
    public string Text { get; }

    public IReadOnlyList<string> RequestTypes { get; }
    public IReadOnlyList<string> PolicyTypes { get; }
    public IReadOnlyList<string> RoleTypes { get; }
    public IReadOnlyList<string> EffectTypes { get; }
    public IReadOnlyList<string> MatcherTypes { get; }
    public IReadOnlyList<string> ConstraintTypes { get; }

    /// <summary>The definition with the given key (<c>r</c>, <c>p2</c>, <c>g</c>, ...), or null.</summary>
    public Definition? Find(string key) => _definitions.GetValueOrDefault(key);

    /// <summary>The definition with the given key; throws <see cref="PolicyException"/> when missing.</summary>
    public Definition Get(string key) =>
        _definitions.GetValueOrDefault(key) ?? throw new PolicyException($"model has no definition \"{key}\"");

    private List<string> Keys(string section)
    {
        var keys = new List<string>();
        foreach (var key in _definitions.Keys)
        {
            if (SectionOf(key) == section)
            {
                keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>The section letter of a key: <c>p2</c> gives <c>p</c>.</summary>
    public static string SectionOf(string key) => key.Length == 0 ? "" : key[..1];

    /// <summary>Reads and parses a CONF file; a missing or unreadable file is a <see cref="ModelParseException"/> naming it.</summary>
    public static PolicyModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelParseException($"cannot read the model: {ex.Message}", null, path);
        }

        return Parse(text, path);
    }

    /// <summary>Parses CONF text. Throws <see cref="ModelParseException"/> with the line of the problem.</summary>
    public static PolicyModel Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var raw = ReadConfig(text, sourceName);
        var definitions = new Dictionary<string, Definition>(StringComparer.Ordinal);
        foreach (var (sectionName, letter) in SectionKeys)
        {
            if (!raw.TryGetValue(sectionName, out var options))
            {
                continue;
            }

            for (var i = 1; ; i++)
            {
                var key = i == 1 ? letter : letter + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!options.TryGetValue(key, out var option))
                {
                    break;
                }

                definitions[key] = Build(key, letter, option.Value, option.Line, sourceName);
            }
        }

        var missing = new List<string>();
        foreach (var (name, letter) in SectionKeys)
        {
            if (letter is "r" or "p" or "e" or "m" && !definitions.ContainsKey(letter))
            {
                missing.Add(name);
            }
        }

        if (missing.Count > 0)
        {
            throw new ModelParseException("missing required sections: " + string.Join(", ", missing), null, sourceName);
        }

        if (definitions.ContainsKey("c") && !definitions.ContainsKey("g"))
        {
            throw new ModelParseException("constraint_definition requires role_definition (RBAC)", definitions["c"].Line, sourceName);
        }

        var model = new PolicyModel(text, definitions);
        if (definitions.ContainsKey("c"))
        {
            model.Constraints = Model.Constraints.ConstraintSet.Parse(model, sourceName);
        }

        return model;
    }

    internal Model.Constraints.ConstraintSet? Constraints { get; private set; }

    private static Definition Build(string key, string letter, string value, int line, string? source)
    {
        switch (letter)
        {
            case "r":
            case "p":
                {
                    var tokens = new List<string>();
                    foreach (var part in value.Split(','))
                    {
                        tokens.Add(key + "_" + part.Trim());
                    }

                    return new Definition(key, value, tokens, line);
                }

            case "g":
                {
                    var main = value;
                    var parameterCount = 0;
                    var open = value.IndexOf('(', StringComparison.Ordinal);
                    if (open >= 0)
                    {
                        var close = value.IndexOf(')', open);
                        if (close < 0)
                        {
                            throw new ModelParseException($"role definition \"{key}\" has an unclosed parameter group", line, source);
                        }

                        var group = value[(open + 1)..close];
                        parameterCount = group.Split(',').Count(s => s.Trim().Length > 0);
                        main = value[..open];
                    }

                    var tokens = main.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
                    var arity = main.Count(c => c == '_');
                    return new Definition(key, value, tokens, line) { Arity = arity, ParameterCount = parameterCount };
                }

            case "e":
                return new Definition(key, RemoveComments(EscapeAssertion(value)), [], line);

            case "m":
                {
                    var m = PrepareMatcher(value);
                    return new Definition(key, m, [], line);
                }

            default:
                return new Definition(key, value, [], line);
        }
    }

    /// <summary>The rewrites the reference applies to a matcher text (SPEC 1.4).</summary>
    public static string PrepareMatcher(string value)
    {
        var m = RemoveComments(EscapeAssertion(value));
        m = EscapeStringLiterals(m);
        if (m.Contains("in", StringComparison.Ordinal))
        {
            m = m.Replace('[', '(').Replace(']', ')');
        }

        return m;
    }

    [GeneratedRegex(@"([()\s|&,=!><+\-*/]|^)((r|p)[0-9]*)\.")]
    private static partial Regex AssertionPattern();

    /// <summary><c>r.sub</c> becomes <c>r_sub</c>, <c>p2.obj</c> becomes <c>p2_obj</c> (only the first dot).</summary>
    public static string EscapeAssertion(string text) => AssertionPattern().Replace(text, "$1$2_");

    /// <summary>Drops everything from the first <c>#</c>.</summary>
    public static string RemoveComments(string text)
    {
        var i = text.IndexOf('#', StringComparison.Ordinal);
        return (i < 0 ? text : text[..i]).Trim();
    }

    /// <summary>Doubles every backslash inside a quoted string literal.</summary>
    public static string EscapeStringLiterals(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        char quote = '\0';
        foreach (var c in text)
        {
            if (quote == '\0')
            {
                if (c is '\'' or '"')
                {
                    quote = c;
                }

                sb.Append(c);
            }
            else
            {
                if (c == '\\')
                {
                    sb.Append('\\');
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private readonly record struct Option(string Value, int Line);

    private static Dictionary<string, Dictionary<string, Option>> ReadConfig(string text, string? source)
    {
        var result = new Dictionary<string, Dictionary<string, Option>>(StringComparer.Ordinal);
        Dictionary<string, Option>? current = null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var buffer = new StringBuilder();
        var startLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (buffer.Length == 0)
            {
                if (line.Length == 0 || line[0] is '#' or ';')
                {
                    continue;
                }

                startLine = i + 1;
            }

            var cut = line.IndexOfAny(['#', ';']);
            if (cut >= 0)
            {
                line = line[..cut].TrimEnd();
            }

            if (line.EndsWith('\\'))
            {
                buffer.Append(line.AsSpan(0, line.Length - 1).Trim()).Append(' ');
                if (i < lines.Length - 1)
                {
                    continue;
                }

                line = "";
            }

            buffer.Append(line);
            var full = buffer.ToString().Trim();
            buffer.Clear();
            if (full.Length == 0)
            {
                continue;
            }

            if (full[0] == '[' && full[^1] == ']')
            {
                var name = full[1..^1].Trim();
                if (!result.TryGetValue(name, out current))
                {
                    current = new Dictionary<string, Option>(StringComparer.Ordinal);
                    result[name] = current;
                }

                continue;
            }

            var eq = full.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new ModelParseException($"parse the content error: \"{full}\" is neither a [section] nor a key = value line", startLine, source);
            }

            if (current is null)
            {
                throw new ModelParseException($"\"{full}\" appears before any [section]", startLine, source);
            }

            var key = full[..eq].Trim();
            var value = full[(eq + 1)..].Trim();
            current[key] = new Option(value, startLine);
        }

        return result;
    }
}
