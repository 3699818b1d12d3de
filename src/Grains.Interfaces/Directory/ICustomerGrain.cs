namespace Entitlements.Grains.Interfaces;

/// <summary>One customer's entitlement-relevant attributes (never the customer's data itself). Key: the customer id.</summary>
[Alias("entitlements.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the customer. Throws <see cref="ValidationException"/> (unknown <c>unit</c>).</summary>
    [Alias("Put")]
    Task<CustomerRecord> PutAsync(CustomerDefinition definition);

    /// <summary>The customer, or null when never PUT.</summary>
    [ReadOnly, Alias("Get")]
    ValueTask<CustomerRecord?> GetAsync();
}
