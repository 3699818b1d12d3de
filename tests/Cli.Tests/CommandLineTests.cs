namespace Entitlements.Cli.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("policy", "--help")]
    [InlineData("policy", "check", "--help")]
    [InlineData("policy", "test", "-h")]
    [InlineData("conformance", "--help")]
    public void Run_PrintsUsageAndExitsZero_WhenHelpAsked(params string[] args)
    {
        var result = CliHarness.Run(args);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("usage: entitlements", result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Run_PrintsUsageAndExitsTwo_WhenNoArguments()
    {
        var result = CliHarness.Run();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: entitlements", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ExitsTwo_WhenCommandUnknown()
    {
        var result = CliHarness.Run("polcy", "check");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("error: unknown command \"polcy\" (see 'entitlements --help')\n", result.Error);
    }

    [Fact]
    public void CheckHelp_ListsEveryOptionAndExitCodes()
    {
        var result = CliHarness.Run("policy", "check", "--help");

        foreach (var option in new[] { "--model FILE", "--policy FILE", "--context", "--explain", "--help" })
        {
            Assert.Contains(option, result.Out, StringComparison.Ordinal);
        }

        Assert.Contains("exit codes: 0 allow, 1 deny, 2 error", result.Out, StringComparison.Ordinal);
    }
}
