namespace Entitlements.Cli.Commands;

/// <summary>The help of <c>entitlements conformance</c>; the command itself is the engine's runner (<c>Conformance/</c>).</summary>
public static class ConformanceHelp
{
    public static readonly CommandSpec Spec = new(
        "conformance",
        "Runs the Casbin conformance record files present in DIR (vectors.json, rbac_api.json, builtins.json,\nexplain.json, errors.json; models/ and policies/ relative to DIR) against the engine.",
        "DIR [--report FILE]",
        [new("report", "FILE", "write each failing record's file and id with expected and actual values as JSON")],
        """
        Prints "FILE: N passed, N failed" per record file and a final "N passed, N failed".
        exit codes: 0 all passed, 1 a record failed, 2 error (missing directory, no record files)

        example:
          entitlements conformance tests/Policy.Tests/Conformance --report failures.json
        """);
}
