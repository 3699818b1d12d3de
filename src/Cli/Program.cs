namespace Entitlements.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: entitlements <policy check|policy test|conformance> ...");
        return 2;
    }
}
