namespace Entitlements.Grains.Tests;

/// <summary>The policy grain: baseline at first start, validated atomic replacement, versions.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PolicyGrainTests(ClusterFixture fixture)
{
    private readonly IPolicyGrain _policy = fixture.Cluster.Client.GetPolicy();

    [Fact]
    public async Task GetAsync_ReturnsBaselineCatalogue_WithAVersion()
    {
        var document = await _policy.GetAsync();

        Assert.False(string.IsNullOrWhiteSpace(document.Model));
        Assert.False(string.IsNullOrWhiteSpace(document.Policy));
        Assert.True(document.Version >= 1);
        Assert.Equal(3, document.Fields["gender"].Level);
    }

    [Fact]
    public async Task ReplaceAsync_ThrowsPolicyValidation_AndKeepsPolicy_WhenModelDoesNotParse()
    {
        var before = await _policy.GetAsync();

        var error = await Assert.ThrowsAsync<PolicyValidationException>(() =>
            _policy.ReplaceAsync(before with { Model = "[request_definition]\nbroken" }));

        Assert.Equal("model", error.Field);
        Assert.False(string.IsNullOrEmpty(error.Message));
        var after = await _policy.GetAsync();
        Assert.Equal((before.Version, before.Model), (after.Version, after.Model));
    }

    [Fact]
    public async Task ReplaceAsync_IncrementsVersion_IgnoringTheVersionGiven()
    {
        var before = await _policy.GetAsync();

        var replaced = await _policy.ReplaceAsync(before with { Version = 1_000 });

        Assert.Equal(before.Version + 1, replaced.Version);
        Assert.Equal(replaced.Version, (await _policy.GetAsync()).Version);
    }

    [Fact]
    public async Task ReplaceAsync_ThrowsPolicyValidationNamingFields_WhenAFieldEntryIsNull()
    {
        var before = await _policy.GetAsync();
        var fields = before.Fields.ToDictionary(f => f.Key, f => f.Value);
        fields["broken"] = null!;

        var error = await Assert.ThrowsAsync<PolicyValidationException>(() => _policy.ReplaceAsync(before with { Fields = fields }));

        Assert.Equal("fields", error.Field);
        Assert.Equal(before.Version, (await _policy.GetAsync()).Version);
    }

    [Fact]
    public async Task ReplaceAsync_ThrowsPolicyValidationNamingFields_WhenALevelIsInvalid()
    {
        var before = await _policy.GetAsync();
        var fields = before.Fields.ToDictionary(f => f.Key, f => f.Value);
        fields["gender"] = new PolicyField(7, null);

        var error = await Assert.ThrowsAsync<PolicyValidationException>(() => _policy.ReplaceAsync(before with { Fields = fields }));

        Assert.Equal("fields", error.Field);
        Assert.Equal(before.Version, (await _policy.GetAsync()).Version);
    }
}
