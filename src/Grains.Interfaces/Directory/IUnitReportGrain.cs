namespace Entitlements.Grains.Interfaces;

/// <summary>
/// Judges units against Art. 10 (ORG-3: each unit names one security officer and one security contact) from what the
/// directory holds now. A stateless worker that only reads unit, user and registry grains, so a report never holds up
/// a directory write. Key: any (<see cref="GrainKeys.UnitReport"/>).
/// </summary>
[Alias("entitlements.IUnitReportGrain")]
public interface IUnitReportGrain : IGrainWithIntegerKey
{
    /// <summary>The unit with its findings, or null when it was never PUT.</summary>
    [Alias("Get")]
    Task<UnitCompliance?> GetAsync(string unitId);

    /// <summary>The findings for <paramref name="unit"/> as just read or written.</summary>
    [Alias("Judge")]
    Task<UnitCompliance> JudgeAsync(UnitRecord unit);

    /// <summary>Every stored unit with its findings, in ordinal id order.</summary>
    [Alias("List")]
    Task<IReadOnlyList<UnitCompliance>> ListAsync();
}

/// <summary>A unit and its ORG-3 findings (<see cref="UnitFindings"/>); no findings: compliant.</summary>
[GenerateSerializer, Immutable, Alias("entitlements.UnitCompliance")]
public sealed record UnitCompliance(
    [property: Id(0)] UnitRecord Unit,
    [property: Id(1)] IReadOnlyList<string> Findings)
{
    public bool Compliant => Findings.Count == 0;
}
