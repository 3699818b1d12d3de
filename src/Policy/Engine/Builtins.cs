using System.Collections.Immutable;
using Entitlements.Policy.Expressions;
using Entitlements.Policy.Functions;

namespace Entitlements.Policy.Engine;

/// <summary>The functions every matcher can call (besides g, g2, ... and eval), from <see cref="FunctionRegistry.Builtins"/>.</summary>
internal static class Builtins
{
    public static readonly ImmutableDictionary<string, FunctionEntry> Table = Build();

    private static ImmutableDictionary<string, FunctionEntry> Build()
    {
        var table = ImmutableDictionary.CreateBuilder<string, FunctionEntry>(StringComparer.Ordinal);
        foreach (var name in FunctionRegistry.Builtins.Names)
        {
            FunctionRegistry.Builtins.TryGet(name, out var binding);
            // Only keyMatch can never fail on string arguments; the others build regexes or parse IPs from the rule.
            table[name] = new FunctionEntry(binding!.Invoke, binding.Typed as Func<string, string, bool>, Safe: name == "keyMatch");
        }

        return table.ToImmutable();
    }
}
