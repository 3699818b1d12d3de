using System.Text.RegularExpressions;

namespace Entitlements.Policy.Functions;

/// <summary>
/// A compiled <c>keyMatch2</c>/<c>keyMatch3</c> pattern. The reference turns the pattern into the Go regex
/// <c>^…$</c>; most real patterns (<c>/api/:id/items</c>, <c>/files/{name}/*</c>) only use literals, <c>.</c>,
/// one-segment parameters and a trailing <c>/*</c>, which match deterministically without a regex engine.
/// Anything else keeps the regex, so the result is always the reference's.
/// </summary>
internal sealed class PathPattern
{
    private const char ParameterToken = '\uE000';
    private const char AnyCharToken = '\uE001';

    // Literal code units, with ParameterToken for "[^/]+" and AnyCharToken for "."; a real U+E000/U+E001 in
    // the pattern sends it to the regex path.
    private readonly string? _tokens;
    private readonly bool _anyTail;
    private readonly Regex? _regex;

    private PathPattern(string? tokens, bool anyTail, Regex? regex)
    {
        _tokens = tokens;
        _anyTail = anyTail;
        _regex = regex;
    }

    /// <summary>Compiles the Go regex text <paramref name="goRegex"/> (without <c>^</c>/<c>$</c>).</summary>
    public static PathPattern Compile(string goRegex) =>
        TryTokenize(goRegex, out var tokens, out var anyTail)
            ? new PathPattern(tokens, anyTail, null)
            : new PathPattern(null, false, GoRegex.Compile("^" + goRegex + "$"));

    public bool IsMatch(string key)
    {
        if (_regex is not null)
        {
            return _regex.IsMatch(key);
        }

        var tokens = _tokens!;
        var pos = 0;
        foreach (var token in tokens)
        {
            switch (token)
            {
                case ParameterToken:
                    var end = pos;
                    while (end < key.Length && key[end] != '/')
                    {
                        end++;
                    }

                    if (end == pos)
                    {
                        return false;
                    }

                    pos = end;
                    break;
                case AnyCharToken:
                    // RE2 '.' is one character other than '\n' (one rune; surrogate pairs are not special-cased).
                    if (pos >= key.Length || key[pos] == '\n')
                    {
                        return false;
                    }

                    pos++;
                    break;
                default:
                    if (pos >= key.Length || key[pos] != token)
                    {
                        return false;
                    }

                    pos++;
                    break;
            }
        }

        return _anyTail ? key.AsSpan(pos).IndexOf('\n') < 0 : pos == key.Length;
    }

    /// <summary>
    /// Accepts literals, <c>\</c>-free text, <c>.</c>, <c>[^/]+</c> followed by <c>/</c> or the end, and one <c>.*</c> at the end.
    /// </summary>
    private static bool TryTokenize(string regex, out string tokens, out bool anyTail)
    {
        tokens = "";
        anyTail = false;
        var sb = new System.Text.StringBuilder(regex.Length);
        for (var i = 0; i < regex.Length; i++)
        {
            var c = regex[i];
            if (string.CompareOrdinal(regex, i, "[^/]+", 0, 5) == 0)
            {
                var next = i + 5;
                if (next < regex.Length && regex[next] != '/')
                {
                    return false; // the parameter's extent would need backtracking
                }

                sb.Append(ParameterToken);
                i += 4;
            }
            else if (c == '.' && i + 1 < regex.Length && regex[i + 1] == '*')
            {
                if (i + 2 != regex.Length)
                {
                    return false;
                }

                anyTail = true;
                break;
            }
            else if (c == '.')
            {
                sb.Append(AnyCharToken);
            }
            else if (c is '\\' or '+' or '*' or '?' or '(' or ')' or '|' or '[' or ']' or '{' or '}' or '^' or '$' or ParameterToken or AnyCharToken)
            {
                return false;
            }
            else
            {
                sb.Append(c);
            }
        }

        tokens = sb.ToString();
        return true;
    }
}
