namespace Entitlements.Policy.Tests;

/// <summary>Model texts several test classes share.</summary>
internal static class TestModels
{
    /// <summary>Casbin's basic ACL model (<c>basic_model.conf</c>): exact match on subject, object and action.</summary>
    public const string Basic = """
        [request_definition]
        r = sub, obj, act
        [policy_definition]
        p = sub, obj, act
        [policy_effect]
        e = some(where (p.eft == allow))
        [matchers]
        m = r.sub == p.sub && r.obj == p.obj && r.act == p.act
        """;
}
