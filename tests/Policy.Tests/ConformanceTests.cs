using Entitlements.Cli.Conformance;

namespace Entitlements.Policy.Tests;

/// <summary>Every record of the Casbin conformance files, each as its own test case.</summary>
public sealed class ConformanceTests
{
    private static readonly ConformanceRunner Runner = new(Path.Combine(AppContext.BaseDirectory, "Conformance"));

    public static TheoryData<string> Vectors => Ids("vectors.json");
    public static TheoryData<string> RbacApi => Ids("rbac_api.json");
    public static TheoryData<string> Builtins => Ids("builtins.json");
    public static TheoryData<string> Explain => Ids("explain.json");
    public static TheoryData<string> Errors => Ids("errors.json");

    private static TheoryData<string> Ids(string file) => [.. Runner.Ids(file)];

    private static void Check(string file, string id)
    {
        var result = Runner.Run(file, id);
        Assert.True(result.Passed, $"{file} {id}: expected {result.Expected}, actual {result.Actual}");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_MatchesReference(string id) => Check("vectors.json", id);

    [Theory]
    [MemberData(nameof(RbacApi))]
    public void RbacApi_MatchesReference(string id) => Check("rbac_api.json", id);

    [Theory]
    [MemberData(nameof(Builtins))]
    public void Builtin_MatchesReference(string id) => Check("builtins.json", id);

    [Theory]
    [MemberData(nameof(Explain))]
    public void Explain_MatchesReference(string id) => Check("explain.json", id);

    [Theory]
    [MemberData(nameof(Errors))]
    public void Error_MatchesReference(string id) => Check("errors.json", id);
}
