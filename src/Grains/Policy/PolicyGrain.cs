using Entitlements.Policy;
using Entitlements.Policy.Regulation;

namespace Entitlements.Grains.Policy;

/// <summary>
/// The regulation policy in force. Key: <see cref="GrainKeys.Policy"/>; one per cluster. Stores the shipped baseline
/// (<see cref="RegulationPolicy.Baseline"/>, version 1) on its first activation ever; a replacement is validated by
/// compiling it (<see cref="RegulationPolicy.Load"/>) before anything is written, then persisted with the next version,
/// then every silo's cache drops the old compiled policy before <see cref="ReplaceAsync"/> returns.
/// </summary>
public sealed partial class PolicyGrain(
    [PersistentState("policy", EntitlementsNames.Storage)] IPersistentState<PolicyGrainState> state,
    ILogger<PolicyGrain> logger) : Grain, IPolicyGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Document is null)
        {
            await state.WriteOrRollbackAsync(new PolicyGrainState { Document = PolicyConversions.ToDocument(RegulationPolicy.Baseline()) });
            LogBaselineStored(logger, state.State.Document!.Version);
        }
    }

    public ValueTask<PolicyDocument> GetAsync() => ValueTask.FromResult(state.State.Document!);

    public async Task<PolicyDocument> ReplaceAsync(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Model is null)
        {
            throw new PolicyValidationException("model", "model: required", null);
        }

        if (document.Policy is null)
        {
            throw new PolicyValidationException("policy", "policy: required", null);
        }

        if (document.Fields is null)
        {
            throw new PolicyValidationException("fields", "fields: required", null);
        }

        foreach (var (name, spec) in document.Fields)
        {
            if (spec is null || string.IsNullOrWhiteSpace(name))
            {
                throw new PolicyValidationException("fields", $"fields: entry '{name}' needs a name and a {{ level, mask }} value", null);
            }
        }

        var version = state.State.Document!.Version + 1;
        RegulationPolicy compiled;
        try
        {
            compiled = RegulationPolicy.Load(document.Model, document.Policy, PolicyConversions.ToFieldSpecs(document.Fields), version);
        }
        catch (ModelParseException e)
        {
            throw new PolicyValidationException("model", e.Message, e.Line);
        }
        catch (PolicyParseException e)
        {
            throw new PolicyValidationException("policy", e.Message, e.Line);
        }
        catch (PolicyException e)
        {
            throw new PolicyValidationException(FieldOf(e), e.Message, null);
        }

        await state.WriteOrRollbackAsync(new PolicyGrainState { Document = PolicyConversions.ToDocument(compiled) });
        LogPolicyReplaced(logger, version);
        await GrainFactory.InvalidateCachesAsync(InvalidationKind.Policy, GrainKeys.Policy);
        return state.State.Document!;
    }

    /// <summary>The engine's other errors come from the matcher (model) or the field catalogue; the message says which.</summary>
    private static string FieldOf(PolicyException exception) =>
        exception is ExpressionException ? "model"
        : exception.Message.Contains("field", StringComparison.OrdinalIgnoreCase) ? "fields"
        : "policy";
}
