using Entitlements.Cli.Commands;

namespace Entitlements.Cli;

/// <summary>
/// The <c>entitlements</c> tool: dispatches a command line to its command. <see cref="Run"/> is the
/// whole tool with its output streams given, so tests call it in-process.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: entitlements <command> [options]

        commands:
          policy check   decide one request: allow or deny and the deciding rule
          policy test    run the assertions of YAML policy test files
          conformance    run Casbin conformance record files against the engine

        Run 'entitlements <command> --help' for a command's options.
        """;

    private const string PolicyUsage = """
        usage: entitlements policy <check|test> [options]

          check   decide one request: allow or deny and the deciding rule
          test    run the assertions of YAML policy test files

        Run 'entitlements policy <check|test> --help' for options.
        """;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs one command line; returns the exit code (0 success/allow, 1 failure/deny, 2 error).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        return CommandErrors.Guard(stderr, () => Dispatch(args, stdout, stderr));
    }

    private static int Dispatch(string[] args, TextWriter stdout, TextWriter stderr)
    {
        switch (args)
        {
            case []:
                stderr.Write(Usage);
                return ExitCodes.Error;
            case ["-h" or "--help" or "help", ..]:
                stdout.Write(Usage);
                return ExitCodes.Success;
            case ["policy", "check", .. var rest]:
                return PolicyCheckCommand.Run(rest, stdout, stderr);
            case ["policy", "test", .. var rest]:
                return PolicyTestCommand.Run(rest, stdout, stderr);
            case ["policy", "-h" or "--help"]:
                stdout.Write(PolicyUsage);
                return ExitCodes.Success;
            case ["policy", ..]:
                stderr.Write(PolicyUsage);
                return ExitCodes.Error;
            case ["conformance", "-h" or "--help", ..]:
                ConformanceHelp.Spec.WriteHelp(stdout);
                return ExitCodes.Success;
            case ["conformance", .. var rest]:
                return Conformance.ConformanceCommand.Run(rest, stdout, stderr);
            default:
                throw new CliException($"unknown command \"{args[0]}\" (see 'entitlements --help')");
        }
    }
}
