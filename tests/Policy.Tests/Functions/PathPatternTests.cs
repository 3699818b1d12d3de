using Entitlements.Policy.Functions;

namespace Entitlements.Policy.Tests.Functions;

/// <summary>The regex-free keyMatch2/3 matcher must agree with the reference's regex on every input.</summary>
public sealed class PathPatternTests
{
    private static readonly string[] PatternParts = ["/", "a", "b", ".", "/*", ":id", "{x}", "_", "*", "-", ":", "\n"];
    private static readonly string[] KeyParts = ["/", "a", "b", ".", "x", "_", "-", ":", "\n", "ab"];

    [Fact]
    public void IsMatch_AgreesWithGoRegex_OnGeneratedPatterns()
    {
        var random = new Random(20240601);
        var disagreements = new List<string>();
        for (var n = 0; n < 250; n++)
        {
            var raw = Build(random, PatternParts, random.Next(1, 7));
            var key = Build(random, KeyParts, random.Next(0, 8));
            foreach (var regexText in new[]
            {
                System.Text.RegularExpressions.Regex.Replace(raw.Replace("/*", "/.*", StringComparison.Ordinal), ":[^/]+", "[^/]+"),
                System.Text.RegularExpressions.Regex.Replace(raw.Replace("/*", "/.*", StringComparison.Ordinal), "\\{[^/]+\\}", "[^/]+"),
            })
            {
                bool expected;
                try
                {
                    expected = GoRegex.Compile("^" + regexText + "$").IsMatch(key);
                }
                catch (EvaluationException)
                {
                    Assert.Throws<EvaluationException>(() => PathPattern.Compile(regexText));
                    continue;
                }

                var actual = PathPattern.Compile(regexText).IsMatch(key);
                if (expected != actual)
                {
                    disagreements.Add($"{regexText} vs {key}: regex {expected}, fast {actual}");
                }
            }
        }

        Assert.Empty(disagreements);
    }

    [Theory]
    [InlineData("/api/:id/items", "/api/42/items", true)]
    [InlineData("/api/:id/items", "/api//items", false)]
    [InlineData("/api/:id/*", "/api/42/", true)]
    [InlineData("/api/:id/*", "/api/42", false)]
    [InlineData("/data.json", "/dataXjson", true)]
    [InlineData("/:id.json", "/a.json", true)]
    public void KeyMatch2_MatchesLikeReference(string pattern, string key, bool expected) =>
        Assert.Equal(expected, BuiltinFunctions.KeyMatch2(key, pattern));

    private static string Build(Random random, string[] parts, int count)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < count; i++)
        {
            sb.Append(parts[random.Next(parts.Length)]);
        }

        return sb.ToString();
    }
}
