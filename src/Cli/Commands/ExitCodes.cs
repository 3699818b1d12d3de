namespace Entitlements.Cli.Commands;

/// <summary>The tool's exit codes: success (allow, all tests passed), failure (deny, a test failed), error (bad input).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Error = 2;
}
