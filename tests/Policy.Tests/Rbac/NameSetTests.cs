using Entitlements.Policy.Rbac;

namespace Entitlements.Policy.Tests.Rbac;

public sealed class NameSetTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(500)]
    public void AddRemoveContains_Agree_AcrossRepresentations(int count)
    {
        var set = NameSet.Empty;
        for (var i = 0; i < count; i++)
        {
            set = set.Add($"n{i}").Add($"n{i}");
        }

        Assert.Equal(count, set.Count);
        Assert.Equal(count, set.Count());
        Assert.True(set.Contains("n0"));
        Assert.False(set.Contains("absent"));

        var removed = set.Remove("n0");

        Assert.False(removed.Contains("n0"));
        Assert.True(set.Contains("n0"));
        Assert.Equal(count - 1, removed.Count);
    }

    [Fact]
    public void Enumerator_YieldsEveryName_WhenLarge()
    {
        var set = NameSet.Of(Enumerable.Range(0, 100).Select(i => $"n{i}"));
        var seen = new List<string>();
        foreach (var name in set)
        {
            seen.Add(name);
        }

        Assert.Equal(100, seen.Distinct().Count());
    }
}
