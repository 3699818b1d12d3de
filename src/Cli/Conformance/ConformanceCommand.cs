using System.Text.Json;

namespace Entitlements.Cli.Conformance;

/// <summary><c>entitlements conformance DIR [--report F]</c>: runs the record files in DIR and summarises them.</summary>
public static class ConformanceCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? directory = null;
        string? report = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--report" && i + 1 < args.Count)
            {
                report = args[++i];
            }
            else if (directory is null && !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                directory = args[i];
            }
            else
            {
                error.WriteLine($"conformance: unexpected argument \"{args[i]}\"");
                return 2;
            }
        }

        if (directory is null)
        {
            error.WriteLine("usage: entitlements conformance DIR [--report FILE]");
            return 2;
        }

        if (!Directory.Exists(directory))
        {
            error.WriteLine($"{directory}: directory not found");
            return 2;
        }

        var runner = new ConformanceRunner(directory);
        var files = runner.PresentFiles();
        if (files.Count == 0)
        {
            error.WriteLine($"{directory}: no record files ({string.Join(", ", ConformanceRunner.RecordFiles)})");
            return 2;
        }

        var failures = new List<ConformanceResult>();
        int passed = 0, failed = 0;
        foreach (var file in files)
        {
            int filePassed = 0, fileFailed = 0;
            foreach (var result in runner.RunFile(file))
            {
                if (result.Passed)
                {
                    filePassed++;
                }
                else
                {
                    fileFailed++;
                    failures.Add(result);
                }
            }

            output.WriteLine($"{file}: {filePassed} passed, {fileFailed} failed");
            passed += filePassed;
            failed += fileFailed;
        }

        output.WriteLine($"{passed} passed, {failed} failed");
        if (report is not null)
        {
            var entries = failures.Select(f => new { file = f.File, id = f.Id, expected = f.Expected, actual = f.Actual });
            File.WriteAllText(report, JsonSerializer.Serialize(entries, new JsonSerializerOptions { WriteIndented = true }));
        }

        return failed == 0 ? 0 : 1;
    }
}
