using Entitlements.Policy.Functions;

namespace Entitlements.Policy.Tests.Functions;

/// <summary>The reference's behaviour where a naive .NET port diverges (SPEC.md §4 and §8).</summary>
public sealed class BuiltinFunctionsTests
{
    [Theory]
    [InlineData("/anything/at/all")]
    [InlineData("")]
    public void KeyMatch2_MatchesEverything_WhenPatternIsStar(string key) =>
        Assert.True(BuiltinFunctions.KeyMatch2(key, "*"));

    [Theory]
    [InlineData("/foo", true)]
    [InlineData("/fooo", true)]
    [InlineData("/fo", true)]
    [InlineData("/foobar", false)]
    public void KeyMatch2_TreatsStarAsQuantifier_WhenNotAfterSlash(string key, bool expected) =>
        Assert.Equal(expected, BuiltinFunctions.KeyMatch2(key, "/foo*"));

    [Fact]
    public void KeyMatch2_KeepsDotLive_AsTheReferenceDoes() =>
        Assert.True(BuiltinFunctions.KeyMatch2("/fooXbar", "/foo.bar"));

    [Fact]
    public void KeyMatch2_KeepsBareColonLiteral() =>
        Assert.True(BuiltinFunctions.KeyMatch2("/:/all", "/:/all"));

    [Theory]
    [InlineData("/api/v1/users\n", "/api/v1/*")]
    [InlineData("/foo\n", "/foo")]
    [InlineData("/foo/a\n", "/foo/.*")]
    public void KeyMatch2_RejectsTrailingNewline_LikeRe2Dollar(string key, string pattern) =>
        Assert.False(BuiltinFunctions.KeyMatch2(key, pattern));

    [Fact]
    public void KeyMatch2_ParameterClassSpansNewline_LikeRe2() =>
        Assert.True(BuiltinFunctions.KeyMatch2("/foo\n", "/:id"));

    [Fact]
    public void KeyMatch2_PrefixFastPath_AgreesWithRegex()
    {
        Assert.True(BuiltinFunctions.KeyMatch2("/api/v1/", "/api/v1/*"));
        Assert.True(BuiltinFunctions.KeyMatch2("/api/v1/a/b", "/api/v1/*"));
        Assert.False(BuiltinFunctions.KeyMatch2("/api/v1", "/api/v1/*"));
    }

    [Fact]
    public void KeyMatchAndKeyMatch2_DoNotAllocate_AfterFirstCall()
    {
        var hit = BuiltinFunctions.KeyMatch2("/alice_data/r1", "/alice_data/:resource") &&
            BuiltinFunctions.KeyMatch("/alice_data/r1", "/alice_data/*");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            hit &= BuiltinFunctions.KeyMatch2("/alice_data/r1", "/alice_data/:resource") &&
                BuiltinFunctions.KeyMatch("/alice_data/r1", "/alice_data/*") &&
                !BuiltinFunctions.KeyMatch2("/bob_data/r1", "/alice_data/:resource");
        }

        Assert.True(hit);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void RegexMatch_IsUnanchored() =>
        Assert.True(BuiltinFunctions.RegexMatch("/topic/create/123", "/topic/create"));

    [Fact]
    public void RegexMatch_DigitClassIsAsciiOnly_LikeRe2() =>
        Assert.False(BuiltinFunctions.RegexMatch("\u0663", "^\\d$"));

    [Fact]
    public void RegexMatch_WordClassIsAsciiOnly_LikeRe2() =>
        Assert.False(BuiltinFunctions.RegexMatch("é", "^\\w$"));

    [Fact]
    public void RegexMatch_DigitInsideClass_IsAsciiOnly() =>
        Assert.False(BuiltinFunctions.RegexMatch("\u0663", "^[\\d]$"));

    [Fact]
    public void RegexMatch_DollarDoesNotMatchBeforeFinalNewline() =>
        Assert.False(BuiltinFunctions.RegexMatch("abc\n", "^abc$"));

    [Fact]
    public void RegexMatch_DollarMatchesLineEnd_WhenMultilineFlagSet() =>
        Assert.True(BuiltinFunctions.RegexMatch("abc\ndef", "(?m)^abc$"));

    [Fact]
    public void RegexMatch_SupportsGoNamedGroups() =>
        Assert.True(BuiltinFunctions.RegexMatch("id-42", "^id-(?P<n>[0-9]+)$"));

    [Fact]
    public void RegexMatch_SupportsPosixClasses() =>
        Assert.True(BuiltinFunctions.RegexMatch("abc", "^[[:alpha:]]+$"));

    [Theory]
    [InlineData("a.b", "^\\Qa.b\\E$", true)]
    [InlineData("axb", "^\\Qa.b\\E$", false)]
    [InlineData("a+b", "\\Qa+b", true)]
    [InlineData("é", "^\\pL$", true)]
    [InlineData("1", "^\\PL$", true)]
    [InlineData("A", "^\\x{41}$", true)]
    [InlineData("é", "^[\\pL]$", true)]
    public void RegexMatch_TranslatesRe2OnlySyntax(string input, string pattern, bool expected) =>
        Assert.Equal(expected, BuiltinFunctions.RegexMatch(input, pattern));

    [Theory]
    [InlineData("(?=a)")]
    [InlineData("(a)\\1")]
    [InlineData("[")]
    [InlineData("a\\Z")]
    public void RegexMatch_Throws_WhenRe2RejectsPattern(string pattern) =>
        Assert.Throws<EvaluationException>(() => BuiltinFunctions.RegexMatch("a", pattern));

    [Theory]
    [InlineData("1")]
    [InlineData("010.0.0.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("0x1.2.3.4")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1::2::3")]
    [InlineData("12345::")]
    [InlineData("")]
    public void IpMatch_Throws_WhenGoParseIpRejects(string ip)
    {
        var ex = Assert.Throws<EvaluationException>(() => BuiltinFunctions.IpMatch(ip, "10.0.0.0/8"));
        Assert.Equal("invalid argument: ip1 in IPMatch() function is not an IP address.", ex.Message);
    }

    [Fact]
    public void IpMatch_Throws_WhenPatternIsNeitherIpNorCidr()
    {
        var ex = Assert.Throws<EvaluationException>(() => BuiltinFunctions.IpMatch("10.0.0.1", "10.0.0.0/33"));
        Assert.Equal("invalid argument: ip2 in IPMatch() function is neither an IP address nor a CIDR.", ex.Message);
    }

    [Theory]
    [InlineData("192.168.2.123", "192.168.2.123", true)]
    [InlineData("192.168.2.123", "::ffff:192.168.2.123", true)]
    [InlineData("::ffff:c0a8:027b", "192.168.2.123", true)]
    [InlineData("192.168.2.123", "192.168.2.124", false)]
    [InlineData("::1", "0:0:0:0:0:0:0:1", true)]
    [InlineData("2001:db8::1", "2001:db8:0:0:0:0:0:1", true)]
    public void IpMatch_ComparesLikeGoIpEqual(string ip, string other, bool expected) =>
        Assert.Equal(expected, BuiltinFunctions.IpMatch(ip, other));

    [Theory]
    [InlineData("192.168.2.123", "192.168.2.0/16", true)]
    [InlineData("10.1.2.3", "10.0.0.0/08", true)]
    [InlineData("::ffff:10.1.2.3", "10.0.0.0/8", true)]
    [InlineData("10.1.2.3", "::ffff:10.0.0.0/104", true)]
    [InlineData("10.1.2.3", "::/0", false)]
    [InlineData("2001:db8::5", "2001:db8::/32", true)]
    [InlineData("2001:db9::5", "2001:db8::/32", false)]
    [InlineData("1.2.3.4", "0.0.0.0/0", true)]
    public void IpMatch_ContainsLikeGoIpNet(string ip, string cidr, bool expected) =>
        Assert.Equal(expected, BuiltinFunctions.IpMatch(ip, cidr));

    [Theory]
    [InlineData("/a/b/c", "/a/**", true)]
    [InlineData("/a", "/a/**", true)]
    [InlineData("a/b/c/d", "a/**/d", true)]
    [InlineData("a/d", "a/**/d", true)]
    [InlineData("a/b", "a/?", true)]
    [InlineData("a/bc", "a/?", false)]
    [InlineData("a/b", "a/[a-c]", true)]
    [InlineData("a/d", "a/[!a-c]", true)]
    [InlineData("a/b", "a/[^b]", false)]
    [InlineData("a/x.json", "a/*.{json,yaml}", true)]
    [InlineData("a/x.yaml", "a/*.{json,yaml}", true)]
    [InlineData("a/x.xml", "a/*.{json,yaml}", false)]
    [InlineData("a/b/c", "{a/b/c,x}", true)]
    [InlineData("a*b", "a\\*b", true)]
    [InlineData("aXb", "a\\*b", false)]
    [InlineData("a/b", "a*", false)]
    [InlineData("a/b", "a**", false)]
    public void GlobMatch_FollowsDoublestarV4(string name, string pattern, bool expected) =>
        Assert.Equal(expected, BuiltinFunctions.GlobMatch(name, pattern));

    [Theory]
    [InlineData("a/[b")]
    [InlineData("a/{b,c")]
    [InlineData("a\\")]
    public void GlobMatch_Throws_WhenPatternMalformed(string pattern) =>
        Assert.Throws<EvaluationException>(() => BuiltinFunctions.GlobMatch("a/b", pattern));

    [Theory]
    [InlineData("2024-01-01 00:00:00", "2024-01-02 00:00:00", true)]
    [InlineData("2024-01-01 12:00:00", "_", false)]
    [InlineData("_", "2024-01-01 12:00:00", false)]
    [InlineData("0000-01-01 00:00:00", "_", true)]
    [InlineData("_", "9999-12-31 23:59:59", true)]
    [InlineData("2024-01-01 9:00:00", "_", true)]
    public void TimeMatch_IsStrictlyBetweenBounds(string start, string end, bool expected)
    {
        var now = new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, BuiltinFunctions.TimeMatch(start, end, now));
    }

    [Fact]
    public void TimeMatch_UsesUtc_WhenNowHasOffset()
    {
        var now = new DateTimeOffset(2024, 1, 1, 13, 0, 0, TimeSpan.FromHours(2)); // 11:00Z
        Assert.True(BuiltinFunctions.TimeMatch("_", "2024-01-01 12:00:00", now));
    }

    [Theory]
    [InlineData("2024-1-01 00:00:00")]
    [InlineData("2024-02-30 00:00:00")]
    [InlineData("2024-01-01T00:00:00")]
    [InlineData("2024-01-01 24:00:00")]
    [InlineData("2024-01-01 00:00:00Z")]
    public void TimeMatch_Throws_WhenBoundUnparsable(string start) =>
        Assert.Throws<EvaluationException>(() => BuiltinFunctions.TimeMatch(start, "_", DateTimeOffset.UnixEpoch));

    [Fact]
    public void TimeMatchCondition_Throws_WhenParameterCountWrong()
    {
        var ex = Assert.Throws<EvaluationException>(() => BuiltinFunctions.TimeMatchCondition(["_"], DateTimeOffset.UnixEpoch));
        Assert.Equal("TimeMatch: expected 2 arguments, but got 1", ex.Message);
    }

    [Fact]
    public void KeyMatch4_Throws_WhenPatternGroupsDisagreeWithTokens() =>
        Assert.Throws<EvaluationException>(() => BuiltinFunctions.KeyMatch4("/a/b", "/(a)/{id}"));

    [Fact]
    public void Invoke_ValidatesCountBeforeTypes()
    {
        var ex = Assert.Throws<EvaluationException>(() => BuiltinFunctions.Invoke("keyGet2", ["/a", 1.0]));
        Assert.Equal("keyGet2: expected 3 arguments, but got 2", ex.Message);
    }

    [Fact]
    public void Invoke_ReturnsString_ForKeyGet() =>
        Assert.Equal("bar", BuiltinFunctions.Invoke("keyGet", ["/foo/bar", "/foo/*"]));

    [Fact]
    public void Invoke_Throws_WhenFunctionUnknown() =>
        Assert.Throws<ExpressionException>(() => BuiltinFunctions.Invoke("timeMatch", ["_", "_"]));

    [Fact]
    public void Registry_With_AddsWithoutChangingOriginal()
    {
        var registry = FunctionRegistry.Builtins.With("custom", _ => true);
        Assert.True(registry.TryGet("custom", out _));
        Assert.False(FunctionRegistry.Builtins.TryGet("custom", out _));
        Assert.True(registry.TryGet("keyMatch", out var keyMatch));
        Assert.IsType<Func<string, string, bool>>(keyMatch.Typed);
    }

    [Theory]
    [InlineData("KeyMatch2")]
    [InlineData("keyMatch")]
    [InlineData("regexMatch")]
    public void TryGetMatchingFunction_FindsBuiltins_CaseInsensitively(string name) =>
        Assert.True(BuiltinFunctions.TryGetMatchingFunction(name, out _));
}
