using Entitlements.Policy.Rbac;

namespace Entitlements.Policy.Tests.Rbac;

public sealed class StringMapTests
{
    [Fact]
    public void ToImmutable_LeavesSourceUnchanged_WhenBuilderWrites()
    {
        var builder = StringMap<string>.Empty.ToBuilder();
        for (var i = 0; i < 2000; i++)
        {
            builder[$"k{i}"] = $"v{i}";
        }

        var first = builder.ToImmutable();
        var next = first.ToBuilder();
        next["k1"] = "changed";
        next.Remove("k2");
        next["new"] = "added";
        var second = next.ToImmutable();

        Assert.Equal("v1", first.TryGetValue("k1", out var v1) ? v1 : null);
        Assert.True(first.ContainsKey("k2"));
        Assert.False(first.ContainsKey("new"));
        Assert.Equal(2000, first.Count);
        Assert.Equal("changed", second.TryGetValue("k1", out var v2) ? v2 : null);
        Assert.False(second.ContainsKey("k2"));
        Assert.True(second.ContainsKey("new"));
        Assert.Equal(2000, second.Count);
    }

    [Fact]
    public void Grow_KeepsEveryEntryReachable()
    {
        var builder = StringMap<string>.Empty.ToBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            builder[$"user{i}"] = $"group{i / 10}";
        }

        var map = builder.ToImmutable();

        Assert.Equal(20_000, map.Count);
        Assert.Equal(20_000, map.Pairs().Count());
        var missing = Enumerable.Range(0, 20_000).Count(i => !map.ContainsKey($"user{i}"));
        Assert.Equal(0, missing);
    }

    [Fact]
    public void Builder_Clear_EmptiesWithoutTouchingSource()
    {
        var source = StringMap<string>.Empty.ToBuilder();
        source["a"] = "1";
        var map = source.ToImmutable();
        var builder = map.ToBuilder();
        builder.Clear();

        Assert.Equal(0, builder.ToImmutable().Count);
        Assert.True(map.ContainsKey("a"));
    }
}
