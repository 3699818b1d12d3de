using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Entitlements.Policy.Functions;

/// <summary>
/// Compiles Go (RE2) regular expressions into .NET regexes that behave like RE2 on the inputs the
/// reference's policies use, and caches them (thread-safe, bounded).
/// </summary>
/// <remarks>
/// <para>Differences bridged here (RE2 → .NET):</para>
/// <list type="bullet">
/// <item><c>\d \w \s</c> (and negations) are ASCII-only in RE2; .NET's are Unicode. They are rewritten
/// to explicit ASCII classes.</item>
/// <item><c>$</c> without the <c>m</c> flag matches only at the end of the text in RE2; .NET also
/// matches before a final <c>\n</c>. It is rewritten to <c>\z</c> unless the pattern sets <c>m</c>.</item>
/// <item><c>(?P&lt;name&gt;…)</c> becomes <c>(?&lt;name&gt;…)</c>; <c>\Q…\E</c>, <c>\pL</c>, <c>\x{HHHH}</c> and
/// POSIX classes (<c>[[:alpha:]]</c>) are rewritten to their .NET spelling.</item>
/// <item>RE2 rejects lookarounds and backreferences; <see cref="RegexOptions.NonBacktracking"/> rejects
/// them too (and keeps matching linear-time, like RE2).</item>
/// </list>
/// An invalid pattern raises <see cref="EvaluationException"/> (the reference panics, which the enforcer
/// reports as an error).
/// </remarks>
internal static class GoRegex
{
    private const int MaxCacheEntries = 4096;
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>The compiled form of a Go regex, from the cache when possible.</summary>
    public static Regex Get(string goPattern)
    {
        if (Cache.TryGetValue(goPattern, out var regex))
        {
            return regex;
        }

        regex = Compile(goPattern);
        if (Cache.Count >= MaxCacheEntries)
        {
            // Coarse but bounded: patterns come from policies, so a full cache means an unusual
            // workload (e.g. patterns built from request values); start over rather than grow.
            Cache.Clear();
        }

        return Cache.GetOrAdd(goPattern, regex);
    }

    /// <summary>Compiles without caching; throws <see cref="EvaluationException"/> for a pattern RE2 would reject.</summary>
    public static Regex Compile(string goPattern)
    {
        var translated = Translate(goPattern);
        try
        {
            return new Regex(translated, Options);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new EvaluationException($"regexp: Compile(`{goPattern}`): error parsing regexp: {ex.Message}", ex);
        }
    }

    /// <summary>Rewrites RE2 syntax whose meaning differs in .NET; returns the pattern unchanged when nothing differs.</summary>
    internal static string Translate(string pattern)
    {
        if (pattern.AsSpan().IndexOfAny("\\$([") < 0)
        {
            return pattern;
        }

        var multiline = HasMultilineFlag(pattern);
        var sb = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                i++;
                var replacement = inClass ? ClassEscapeInClass(next) : ClassEscape(next);
                if (replacement is not null)
                {
                    sb.Append(replacement);
                }
                else if (next == 'Q' && !inClass)
                {
                    // RE2 \Q…\E quotes literally (to the end when \E is missing); .NET has no such syntax.
                    var close = pattern.IndexOf("\\E", i + 1, StringComparison.Ordinal);
                    var literal = close < 0 ? pattern[(i + 1)..] : pattern[(i + 1)..close];
                    sb.Append(Regex.Escape(literal));
                    i = close < 0 ? pattern.Length : close + 1;
                }
                else if (next is 'p' or 'P' && i + 1 < pattern.Length && pattern[i + 1] != '{')
                {
                    // RE2 allows one-letter Unicode classes without braces (\pL); .NET requires \p{L}.
                    sb.Append('\\').Append(next).Append('{').Append(pattern[i + 1]).Append('}');
                    i++;
                }
                else if (next == 'x' && i + 1 < pattern.Length && pattern[i + 1] == '{' &&
                    pattern.IndexOf('}', i + 2) is var closeBrace and > 0 &&
                    int.TryParse(pattern.AsSpan(i + 2, closeBrace - i - 2), System.Globalization.NumberStyles.HexNumber, null, out var codePoint) &&
                    codePoint <= 0xFFFF)
                {
                    // RE2 \x{HHHH}; .NET spells a BMP code point \uHHHH.
                    sb.Append("\\u").Append(codePoint.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    i = closeBrace;
                }
                else if (next == 'Z' || next == 'E' || (next >= '1' && next <= '9'))
                {
                    // RE2 has no \Z, a lone \E, or backreferences.
                    throw new EvaluationException($"regexp: Compile(`{pattern}`): error parsing regexp: invalid escape sequence: `\\{next}`");
                }
                else
                {
                    sb.Append('\\').Append(next);
                }

                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var end = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (end > 0 && PosixClass(pattern.AsSpan(i + 2, end - i - 2)) is { } posix)
                    {
                        sb.Append(posix);
                        i = end + 1;
                        continue;
                    }
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    // A ']' right after '[' or '[^' is a literal in both dialects.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        sb.Append("\\]");
                        i++;
                    }

                    break;
                case '$' when !multiline:
                    sb.Append("\\z");
                    break;
                case '(' when string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0:
                    sb.Append("(?<");
                    i += 3;
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static bool HasMultilineFlag(string pattern)
    {
        var at = 0;
        while ((at = pattern.IndexOf("(?", at, StringComparison.Ordinal)) >= 0)
        {
            for (var j = at + 2; j < pattern.Length; j++)
            {
                var f = pattern[j];
                if (f == 'm')
                {
                    return true;
                }

                if (f is not ('i' or 's' or 'U' or '-'))
                {
                    break;
                }
            }

            at += 2;
        }

        return false;
    }

    private static string? ClassEscape(char c) => c switch
    {
        'd' => "[0-9]",
        'D' => "[^0-9]",
        'w' => "[0-9A-Za-z_]",
        'W' => "[^0-9A-Za-z_]",
        's' => "[\\t\\n\\f\\r ]",
        'S' => "[^\\t\\n\\f\\r ]",
        _ => null,
    };

    private static string? ClassEscapeInClass(char c) => c switch
    {
        'd' => "0-9",
        'w' => "0-9A-Za-z_",
        's' => "\\t\\n\\f\\r ",
        _ => null,
    };

    private static string? PosixClass(ReadOnlySpan<char> name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\x00-\\x7F",
        "blank" => "\\t ",
        "cntrl" => "\\x00-\\x1F\\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-/:-@\\[-`{-~",
        "space" => "\\t\\n\\v\\f\\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => null,
    };
}
