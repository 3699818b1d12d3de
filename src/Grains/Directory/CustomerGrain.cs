namespace Entitlements.Grains.Directory;

/// <summary>
/// One customer's entitlement-relevant attributes (collecting unit, VIP flag, agent, service person, servedBy,
/// consents). Key: the customer id; lives while used.
/// </summary>
public sealed partial class CustomerGrain(
    [PersistentState("customer", EntitlementsNames.Storage)] IPersistentState<CustomerGrainState> state,
    ILogger<CustomerGrain> logger) : Grain, ICustomerGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<CustomerRecord> PutAsync(CustomerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (string.IsNullOrWhiteSpace(definition.Unit))
        {
            throw new ValidationException("unit", "unit: required");
        }

        if (definition.Consents is null)
        {
            throw new ValidationException("consents", "consents: required");
        }

        if (await GrainFactory.GetUnit(definition.Unit).GetAsync() is null)
        {
            throw new UnknownReferenceException("unit", "unit", definition.Unit);
        }

        var normalized = definition with
        {
            Agent = string.IsNullOrWhiteSpace(definition.Agent) ? null : definition.Agent,
            ServicePerson = string.IsNullOrWhiteSpace(definition.ServicePerson) ? null : definition.ServicePerson,
            ServedBy = [.. (definition.ServedBy ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal)],
        };
        var current = state.State;
        await state.WriteOrRollbackAsync(new CustomerGrainState { Definition = normalized, Version = current.Version + 1 });
        LogCustomerWritten(logger, Id, state.State.Version);
        await GrainFactory.InvalidateCachesAsync(InvalidationKind.Customer, Id);
        return ToRecord();
    }

    public ValueTask<CustomerRecord?> GetAsync() =>
        ValueTask.FromResult(state.State.Definition is null ? null : ToRecord());

    private CustomerRecord ToRecord()
    {
        var s = state.State;
        var d = s.Definition!;
        return new CustomerRecord(Id, d.Unit, d.Vip, d.Agent, d.ServicePerson, d.ServedBy, d.Consents, s.Version);
    }
}
