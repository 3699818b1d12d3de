using System.Collections.Immutable;
using Entitlements.Policy.Expressions;

namespace Entitlements.Policy.Engine;

/// <summary>The functions every matcher can call (besides g, g2, ... and eval).</summary>
internal static class Builtins
{
    public static readonly ImmutableDictionary<string, FunctionEntry> Table = Build();

    private static ImmutableDictionary<string, FunctionEntry> Build()
    {
        var table = ImmutableDictionary.CreateBuilder<string, FunctionEntry>(StringComparer.Ordinal);
        return table.ToImmutable();
    }
}
