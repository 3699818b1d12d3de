using System.Collections.Concurrent;
using System.Text;

namespace Entitlements.Policy.Functions;

/// <summary>
/// Path globbing with the semantics of <c>bmatcuk/doublestar</c> v4 <c>Match(pattern, name)</c>, which the
/// reference's <c>globMatch</c> uses: <c>/</c> separates segments; <c>*</c> matches any run of
/// non-separator characters and <c>?</c> exactly one; <c>**</c> as a whole segment matches zero or more
/// segments (so <c>a/**</c> also matches <c>a</c>), anywhere else it acts as <c>*</c>; <c>[abc]</c>,
/// <c>[a-z]</c>, <c>[^…]</c>/<c>[!…]</c> classes (never matching <c>/</c>); <c>{a,b}</c> alternatives
/// (nestable, may contain <c>/</c>); <c>\</c> escapes the next character.
/// </summary>
/// <remarks>
/// A malformed pattern (unclosed <c>[</c> or <c>{</c>, trailing <c>\</c>) raises
/// <see cref="EvaluationException"/> with Go's <c>path.ErrBadPattern</c> text. doublestar validates
/// lazily and may answer <c>false</c> without an error when the mismatch comes before the bad part;
/// here the pattern is always validated first.
/// </remarks>
internal static class Glob
{
    internal const string BadPattern = "syntax error in pattern";
    private const int MaxAlternatives = 1024;
    private const int MaxCacheEntries = 4096;

    private static readonly ConcurrentDictionary<string, string[][]> Cache = new(StringComparer.Ordinal);

    public static bool Match(string pattern, string name)
    {
        if (!Cache.TryGetValue(pattern, out var alternatives))
        {
            alternatives = Compile(pattern);
            if (Cache.Count >= MaxCacheEntries)
            {
                Cache.Clear();
            }

            Cache.TryAdd(pattern, alternatives);
        }

        foreach (var segments in alternatives)
        {
            if (MatchSegments(segments, name))
            {
                return true;
            }
        }

        return false;
    }

    private static string[][] Compile(string pattern)
    {
        var expanded = new List<string>();
        Expand(pattern, expanded);
        var result = new string[expanded.Count][];
        for (var i = 0; i < expanded.Count; i++)
        {
            result[i] = SplitSegments(expanded[i]);
        }

        return result;
    }

    /// <summary>Brace expansion: <c>a{b,c{d,e}}f</c> → <c>abf, acdf, acef</c>.</summary>
    private static void Expand(string pattern, List<string> output)
    {
        var open = -1;
        var depth = 0;
        var inClass = false;
        var commas = new List<int>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    throw new EvaluationException(BadPattern);
                }

                i++;
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    // '[' then optional negation then a leading ']' would be taken literally by some
                    // dialects; Go's path.Match rejects it, and so do we in ValidateClass.
                    break;
                case '{':
                    if (depth == 0)
                    {
                        open = i;
                    }

                    depth++;
                    break;
                case ',' when depth == 1:
                    commas.Add(i);
                    break;
                case '}' when depth > 0:
                    depth--;
                    if (depth == 0)
                    {
                        var prefix = pattern[..open];
                        var suffix = pattern[(i + 1)..];
                        var start = open + 1;
                        commas.Add(i);
                        foreach (var end in commas)
                        {
                            if (output.Count >= MaxAlternatives)
                            {
                                throw new EvaluationException(BadPattern);
                            }

                            Expand(string.Concat(prefix, pattern.AsSpan(start, end - start), suffix), output);
                            start = end + 1;
                        }

                        return;
                    }

                    break;
            }
        }

        if (depth > 0 || inClass)
        {
            throw new EvaluationException(BadPattern);
        }

        output.Add(pattern);
    }

    private static string[] SplitSegments(string pattern)
    {
        var segments = new List<string>();
        var sb = new StringBuilder();
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(c).Append(pattern[++i]);
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else if (c == '/')
            {
                segments.Add(sb.ToString());
                sb.Clear();
                continue;
            }

            sb.Append(c);
        }

        segments.Add(sb.ToString());
        foreach (var segment in segments)
        {
            ValidateSegment(segment);
        }

        return [.. segments];
    }

    private static void ValidateSegment(string segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '\\')
            {
                i++;
            }
            else if (segment[i] == '[')
            {
                if (SkipClass(segment, i) < 0)
                {
                    throw new EvaluationException(BadPattern);
                }

                i = SkipClass(segment, i) - 1;
            }
        }
    }

    /// <summary>Index just past the class starting at <paramref name="open"/>, or -1 if malformed.</summary>
    private static int SkipClass(string p, int open)
    {
        var i = open + 1;
        if (i < p.Length && (p[i] == '^' || p[i] == '!'))
        {
            i++;
        }

        var items = 0;
        while (i < p.Length)
        {
            var c = p[i];
            if (c == ']' && items > 0)
            {
                return i + 1;
            }

            if (c == ']' || c == '-')
            {
                return -1;
            }

            if (c == '\\')
            {
                i++;
                if (i >= p.Length)
                {
                    return -1;
                }
            }

            i++;
            items++;
            if (i < p.Length && p[i] == '-' && i + 1 < p.Length && p[i + 1] != ']')
            {
                i++;
                if (p[i] == '\\')
                {
                    i++;
                    if (i >= p.Length)
                    {
                        return -1;
                    }
                }

                i++;
            }
        }

        return -1;
    }

    private static bool MatchSegments(string[] patternSegments, string name)
    {
        var nameSegments = name.Split('/');
        HashSet<(int, int)>? failed = null;
        return MatchFrom(patternSegments, 0, nameSegments, 0, ref failed);
    }

    private static bool MatchFrom(string[] p, int pi, string[] n, int ni, ref HashSet<(int, int)>? failed)
    {
        while (true)
        {
            if (pi == p.Length)
            {
                return ni == n.Length;
            }

            if (p[pi] == "**")
            {
                if (failed is not null && failed.Contains((pi, ni)))
                {
                    return false;
                }

                for (var k = ni; k <= n.Length; k++)
                {
                    if (MatchFrom(p, pi + 1, n, k, ref failed))
                    {
                        return true;
                    }
                }

                (failed ??= []).Add((pi, ni));
                return false;
            }

            if (ni == n.Length || !MatchSegment(p[pi], n[ni]))
            {
                return false;
            }

            pi++;
            ni++;
        }
    }

    /// <summary>Glob match of one segment: <c>*</c> (and in-segment <c>**</c>), <c>?</c>, classes, escapes.</summary>
    private static bool MatchSegment(string p, string s)
    {
        int pi = 0, si = 0, starP = -1, starS = -1;
        while (si < s.Length)
        {
            if (pi < p.Length)
            {
                var c = p[pi];
                if (c == '*')
                {
                    while (pi < p.Length && p[pi] == '*')
                    {
                        pi++;
                    }

                    starP = pi;
                    starS = si;
                    continue;
                }

                if (c == '?')
                {
                    pi++;
                    si++;
                    continue;
                }

                if (c == '[')
                {
                    var end = SkipClass(p, pi);
                    if (ClassMatches(p, pi, s[si]))
                    {
                        pi = end;
                        si++;
                        continue;
                    }
                }
                else
                {
                    if (c == '\\')
                    {
                        c = p[pi + 1];
                        if (c == s[si])
                        {
                            pi += 2;
                            si++;
                            continue;
                        }
                    }
                    else if (c == s[si])
                    {
                        pi++;
                        si++;
                        continue;
                    }
                }
            }

            if (starP < 0)
            {
                return false;
            }

            pi = starP;
            si = ++starS;
        }

        while (pi < p.Length && p[pi] == '*')
        {
            pi++;
        }

        return pi == p.Length;
    }

    private static bool ClassMatches(string p, int open, char c)
    {
        var i = open + 1;
        var negate = false;
        if (p[i] == '^' || p[i] == '!')
        {
            negate = true;
            i++;
        }

        var matched = false;
        var first = true;
        while (first || p[i] != ']')
        {
            first = false;
            var lo = p[i];
            if (lo == '\\')
            {
                lo = p[++i];
            }

            i++;
            var hi = lo;
            if (p[i] == '-' && p[i + 1] != ']')
            {
                i++;
                hi = p[i];
                if (hi == '\\')
                {
                    hi = p[++i];
                }

                i++;
            }

            if (lo <= c && c <= hi)
            {
                matched = true;
            }
        }

        return matched != negate;
    }
}
