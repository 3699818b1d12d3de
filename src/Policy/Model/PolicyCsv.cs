using System.Text;

namespace Entitlements.Policy.Model;

/// <summary>One line of a policy text: its 1-based line number and its fields (ptype first).</summary>
public sealed record PolicyLine(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// Policy CSV as the reference reads it: each line trimmed, blank and <c>#</c> lines skipped,
/// Go <c>encoding/csv</c> rules with leading spaces after a comma dropped (trailing kept) and
/// <c>"..."</c> quoting.
/// </summary>
public static class PolicyCsv
{
    /// <summary>Parses a whole policy text. Throws <see cref="PolicyParseException"/> with the line number.</summary>
    public static IReadOnlyList<PolicyLine> Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<PolicyLine>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            try
            {
                result.Add(new PolicyLine(i + 1, ParseLine(line)));
            }
            catch (FormatException ex)
            {
                throw new PolicyParseException(ex.Message, i + 1, sourceName);
            }
        }

        return result;
    }

    /// <summary>Splits one CSV record. Throws <see cref="FormatException"/> on a quoting error.</summary>
    public static string[] ParseLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            // No quoting: split on commas and drop the spaces after each comma.
            var parts = line.Split(',');
            for (var k = 0; k < parts.Length; k++)
            {
                parts[k] = parts[k].TrimStart(' ', '\t');
            }

            return parts;
        }

        var fields = new List<string>();
        var sb = new StringBuilder();
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            sb.Clear();
            if (i < line.Length && line[i] == '"')
            {
                var column = i + 1;
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"extraneous or missing \" in quoted-field (column {column})");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i]);
                    i++;
                }

                if (i < line.Length && line[i] != ',')
                {
                    throw new FormatException($"extraneous or missing \" in quoted-field (column {i + 1})");
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    if (line[i] == '"')
                    {
                        throw new FormatException($"bare \" in non-quoted-field (column {i + 1})");
                    }

                    sb.Append(line[i]);
                    i++;
                }
            }

            fields.Add(sb.ToString());
            if (i >= line.Length)
            {
                return [.. fields];
            }

            i++; // the comma
        }
    }
}
