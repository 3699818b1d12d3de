using Entitlements.Policy;

namespace Entitlements.Cli.Commands;

/// <summary>Turns the errors a command reports into one line on stderr and exit code 2.</summary>
public static class CommandErrors
{
    public static int Guard(TextWriter stderr, Func<int> command)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            return command();
        }
        catch (CliException ex)
        {
            stderr.WriteLine($"error: {OneLine(ex.Message)}");
            return ExitCodes.Error;
        }
        catch (PolicyException ex)
        {
            // Commands locate the errors they expect; anything else the engine rejects is still the user's input.
            stderr.WriteLine($"error: {OneLine(ex.Message)}");
            return ExitCodes.Error;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
