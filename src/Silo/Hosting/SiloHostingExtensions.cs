using System.Net;
using Entitlements.Grains;
using Entitlements.Grains.Interfaces;
using Entitlements.Silo.Storage;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Entitlements.Silo.Hosting;

/// <summary>Hosts the Orleans silo in the web process, in the mode the configuration chooses
/// (see <see cref="StorageConfiguration.ConnectionStringName"/>).</summary>
public static class SiloHostingExtensions
{
    public static StorageMode ModeOf(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration.GetConnectionString(StorageConfiguration.ConnectionStringName))
            ? StorageMode.Embedded
            : StorageMode.Postgres;

    public static WebApplicationBuilder AddEntitlementsSilo(this WebApplicationBuilder builder)
    {
        var mode = ModeOf(builder.Configuration);
        builder.Services.AddSingleton(new SiloMode(mode));
        builder.Services.AddOptions<SiloOptions>()
            .Bind(builder.Configuration.GetSection(SiloOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();

        string? connectionString = null;
        if (mode == StorageMode.Postgres)
        {
            connectionString = builder.Configuration.GetConnectionString(StorageConfiguration.ConnectionStringName)!;
            builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            // Runs before Orleans starts: the providers read their statements from the schema at start.
            builder.Services.AddHostedService<SchemaInstaller>();
        }

        builder.UseOrleans(silo =>
        {
            silo.AddEntitlementsGrains();
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });

            if (mode == StorageMode.Embedded)
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                silo.AddMemoryGrainStorage(EntitlementsNames.Storage);
                silo.UseInMemoryReminderService();
            }
            else
            {
                silo.ConfigureEndpoints(AdvertisedAddress(options), options.SiloPort, options.GatewayPort, options.ListenOnAnyHostAddress);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = StorageConfiguration.Invariant;
                    o.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage(EntitlementsNames.Storage, o =>
                {
                    o.Invariant = StorageConfiguration.Invariant;
                    o.ConnectionString = connectionString;
                });
                // The provider's default is Newtonsoft JSON with CLR type names: it cannot read back compiler-generated
                // collection types and breaks on renames. Orleans' own serializer uses the stable [Alias]/[Id] contract.
                silo.Services.AddOptions<AdoNetGrainStorageOptions>(EntitlementsNames.Storage)
                    .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = StorageConfiguration.Invariant;
                    o.ConnectionString = connectionString;
                });
            }
        });

        return builder;
    }

    private static IPAddress AdvertisedAddress(SiloOptions options)
    {
        var configured = options.AdvertisedIPAddress ?? Environment.GetEnvironmentVariable("POD_IP");
        return string.IsNullOrWhiteSpace(configured) ? IPAddress.Loopback : IPAddress.Parse(configured);
    }
}

/// <summary>The mode this process runs in, for the health checks and the start banner.</summary>
public sealed record SiloMode(StorageMode Mode);
