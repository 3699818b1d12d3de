using Entitlements.Cli.Conformance;

namespace Entitlements.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return args switch
            {
                ["conformance", .. var rest] => ConformanceCommand.Run(rest, Console.Out, Console.Error),
                _ => Usage(),
            };
        }
        catch (Entitlements.Policy.PolicyException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: entitlements <policy check|policy test|conformance> ...");
        Console.Error.WriteLine("       entitlements conformance DIR [--report FILE]");
        return 2;
    }
}
