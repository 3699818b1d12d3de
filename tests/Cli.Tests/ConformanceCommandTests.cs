namespace Entitlements.Cli.Tests;

public sealed class ConformanceCommandTests : IDisposable
{
    private readonly CliHarness _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Conformance_PrintsCountsPerFileAndTotal_ForRepositoryRecords()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "conformance");
        var report = Path.Combine(_files.Directory, "report.json");

        var result = CliHarness.Run("conformance", directory, "--report", report);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.TrimEnd('\n').Split('\n');
        foreach (var file in new[] { "vectors.json", "rbac_api.json", "builtins.json", "explain.json", "errors.json" })
        {
            Assert.Contains(lines, l => l.StartsWith($"{file}: ", StringComparison.Ordinal) && l.EndsWith(" passed, 0 failed", StringComparison.Ordinal));
        }

        Assert.Matches("^[0-9]+ passed, 0 failed$", lines[^1]);
        Assert.Equal("[]", File.ReadAllText(report).Trim());
    }

    [Fact]
    public void Conformance_ExitsTwo_WhenDirectoryMissing()
    {
        var missing = Path.Combine(_files.Directory, "nope");

        var result = CliHarness.Run("conformance", missing);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
    }
}
