using Entitlements.Grains.Audit;
using Entitlements.Grains.Interfaces;
using Entitlements.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Entitlements.Silo.Storage;

/// <summary>Chooses where audit records go: our PostgreSQL table, or memory in the embedded mode.</summary>
public static class AuditExtensions
{
    public static WebApplicationBuilder AddEntitlementsAudit(this WebApplicationBuilder builder)
    {
        if (SiloHostingExtensions.ModeOf(builder.Configuration) == StorageMode.Postgres)
        {
            builder.Services.RemoveAll<IAuditSink>();
            builder.Services.AddSingleton<IAuditSink, PostgresAuditSink>();

            // Durable mode journals every record locally before its check returns, in a directory per silo unless
            // configured (an empty value turns the journal off).
            var silo = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
            builder.Services.PostConfigure<AuditOptions>(options => options.JournalDirectory ??= DefaultJournalDirectory(silo));
        }
        else
        {
            builder.Services.TryAddSingleton<InMemoryAuditSink>();
            builder.Services.RemoveAll<IAuditSink>();
            builder.Services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<InMemoryAuditSink>());
        }

        return builder;
    }

    /// <summary><c>&lt;temp&gt;/entitlements-audit/&lt;service&gt;-&lt;cluster&gt;-&lt;silo port&gt;</c>: one per silo on a machine, the same across its restarts.</summary>
    public static string DefaultJournalDirectory(SiloOptions silo) =>
        Path.Combine(Path.GetTempPath(), "entitlements-audit", $"{silo.ServiceId}-{silo.ClusterId}-{silo.SiloPort}");
}
