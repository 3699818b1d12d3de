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
        }
        else
        {
            builder.Services.TryAddSingleton<InMemoryAuditSink>();
            builder.Services.RemoveAll<IAuditSink>();
            builder.Services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<InMemoryAuditSink>());
        }

        return builder;
    }
}
