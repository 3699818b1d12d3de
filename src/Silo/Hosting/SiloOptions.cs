using System.ComponentModel.DataAnnotations;

namespace Entitlements.Silo.Hosting;

/// <summary>Where this silo listens and which cluster it joins.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Orleans";

    /// <summary>Silos with the same cluster id and database form one cluster. Default: <c>entitlements</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "entitlements";

    /// <summary>Names the service's durable data (grain state, reminders) across redeployments. Default: <c>entitlements</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "entitlements";

    /// <summary>Silo-to-silo port; give each silo on one machine its own. Default: 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port (0: no gateway); give each silo on one machine its own. Default: 30000.</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one on (PostgreSQL mode). Default: <c>127.0.0.1</c>, or <c>POD_IP</c> when set.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>Bind the silo and gateway ports on every interface rather than the advertised address only. Default: false.</summary>
    public bool ListenOnAnyHostAddress { get; set; }
}
