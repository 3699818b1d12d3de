namespace Entitlements.Policy.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void ModelParseException_NamesFileAndLine()
    {
        var ex = new ModelParseException("unknown section", 3, "model.conf");
        Assert.Equal("model.conf:3: unknown section", ex.Message);
    }
}
