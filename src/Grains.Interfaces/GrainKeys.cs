namespace Entitlements.Grains.Interfaces;

/// <summary>The one place that turns ids into grain references. Directory grains are keyed by the caller's id.</summary>
public static class GrainKeys
{
    /// <summary>Key of the single <see cref="IPolicyGrain"/>.</summary>
    public const string Policy = "policy";

    /// <summary>Key of the single <see cref="IInvalidationHubGrain"/>.</summary>
    public const string InvalidationHub = "cache";

    /// <summary>Key of the single <see cref="IUnitTreeGrain"/>.</summary>
    public const string UnitTree = "tree";

    /// <summary>Key of the single <see cref="IUnitRegistryGrain"/>.</summary>
    public const string UnitRegistry = "units";

    /// <summary>Key of the <see cref="IUnitReportGrain"/> stateless worker.</summary>
    public const long UnitReport = 0;

    /// <summary>Key of the <see cref="IAccessGrain"/> stateless worker (any key works; one keeps the directory small).</summary>
    public const long Access = 0;

    public static IUnitGrain GetUnit(this IGrainFactory factory, string unitId) =>
        factory.GetGrain<IUnitGrain>(Require(unitId, nameof(unitId)));

    public static IUserGrain GetUser(this IGrainFactory factory, string userId) =>
        factory.GetGrain<IUserGrain>(Require(userId, nameof(userId)));

    public static ICustomerGrain GetCustomer(this IGrainFactory factory, string customerId) =>
        factory.GetGrain<ICustomerGrain>(Require(customerId, nameof(customerId)));

    public static IUnitTreeGrain GetUnitTree(this IGrainFactory factory) => factory.GetGrain<IUnitTreeGrain>(UnitTree);

    public static IUnitReportGrain GetUnitReport(this IGrainFactory factory) => factory.GetGrain<IUnitReportGrain>(UnitReport);

    public static IUnitRegistryGrain GetUnitRegistry(this IGrainFactory factory) => factory.GetGrain<IUnitRegistryGrain>(UnitRegistry);

    public static IPolicyGrain GetPolicy(this IGrainFactory factory) => factory.GetGrain<IPolicyGrain>(Policy);

    public static IAccessGrain GetAccess(this IGrainFactory factory) => factory.GetGrain<IAccessGrain>(Access);

    public static IInvalidationHubGrain GetInvalidationHub(this IGrainFactory factory) =>
        factory.GetGrain<IInvalidationHubGrain>(InvalidationHub);

    private static string Require(string id, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, name);
        return id;
    }
}
