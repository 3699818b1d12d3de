using Entitlements.Grains.Access;
using Entitlements.Grains.Audit;
using Entitlements.Grains.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Entitlements.Grains;

/// <summary>Composition of the grains' per-silo services; the Silo calls <see cref="AddEntitlementsGrains"/>.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>
    /// Registers the check path (<see cref="IAccessChecker"/>, the per-silo decision cache and its lease), the audit
    /// writer (with a journal when <see cref="AuditOptions.JournalDirectory"/> is set), and an
    /// <see cref="InMemoryAuditSink"/> unless an <see cref="IAuditSink"/> is registered (before or after).
    /// The silo must also configure grain storage named <see cref="EntitlementsNames.Storage"/>.
    /// </summary>
    public static ISiloBuilder AddEntitlementsGrains(this ISiloBuilder builder, Action<DecisionCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<DecisionCacheOptions>().BindConfiguration(DecisionCacheOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InMemoryAuditSink>();
        services.TryAddSingleton<IAuditSink>(sp => sp.GetRequiredService<InMemoryAuditSink>());
        services.TryAddSingleton<DecisionCache>();
        services.AddSingleton<DecisionCacheLease>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<DecisionCacheLease>());
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName);
        services.TryAddSingleton(sp =>
        {
            var directory = sp.GetRequiredService<IOptions<AuditOptions>>().Value.JournalDirectory;
            var logger = sp.GetRequiredService<ILogger<AuditWriter>>();
            var journal = string.IsNullOrWhiteSpace(directory) ? null : new AuditJournal(directory, logger);
            return new AuditWriter(sp.GetRequiredService<IAuditSink>(), sp.GetRequiredService<TimeProvider>(), logger, journal);
        });
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.TryAddSingleton<IAccessChecker, AccessChecker>();
        return builder;
    }
}
