using Entitlements.Cli.Commands;
using Entitlements.Cli.Conformance;

namespace Entitlements.Policy.Tests;

public sealed class CliTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Conformance");

    [Fact]
    public void PolicyCheck_ExitsZeroAndPrintsRule_WhenAllowed()
    {
        var output = new StringWriter();

        var code = PolicyCheckCommand.Run(
            ["--model", Path.Combine(Dir, "models/rbac_model.conf"), "--policy", Path.Combine(Dir, "policies/rbac_policy.csv"), "--", "alice", "data2", "read"],
            output,
            new StringWriter());

        Assert.Equal(0, code);
        Assert.Equal("allow\nrule: p, data2_admin, data2, read\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void PolicyCheck_ExitsOne_WhenDenied()
    {
        var code = PolicyCheckCommand.Run(
            ["--model", Path.Combine(Dir, "models/rbac_model.conf"), "--policy", Path.Combine(Dir, "policies/rbac_policy.csv"), "--", "bob", "data1", "read"],
            new StringWriter(),
            new StringWriter());

        Assert.Equal(1, code);
    }

    [Fact]
    public void PolicyCheck_ExitsTwoWithFileAndLine_WhenModelBroken()
    {
        var error = new StringWriter();
        var model = Path.Combine(Dir, "models/error__error_model.conf");

        var code = PolicyCheckCommand.Run(["--model", model, "--", "a", "b", "c"], new StringWriter(), error);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {model}:4:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Conformance_PrintsPerFileTotalsAndWritesReport_WhenRecordFails()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "models"));
            File.Copy(Path.Combine(Dir, "models/basic_model.conf"), Path.Combine(dir.FullName, "models/basic_model.conf"));
            File.WriteAllText(Path.Combine(dir.FullName, "vectors.json"), """
                [
                  {"id": "Good#1", "model": "models/basic_model.conf", "policy": null, "request": ["a", "b", "c"], "expected": false},
                  {"id": "Bad#1", "model": "models/basic_model.conf", "policy": null, "request": ["a", "b", "c"], "expected": true}
                ]
                """);
            var output = new StringWriter();
            var report = Path.Combine(dir.FullName, "report.json");

            var code = ConformanceCommand.Run([dir.FullName, "--report", report], output, new StringWriter());

            Assert.Equal(1, code);
            Assert.Equal("vectors.json: 1 passed, 1 failed\n1 passed, 1 failed\n", output.ToString().ReplaceLineEndings("\n"));
            var json = File.ReadAllText(report);
            Assert.Contains("\"Bad#1\"", json, StringComparison.Ordinal);
            Assert.DoesNotContain("Good#1", json, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
