using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.RelayLists;
using Nip66.Persistence;
using Nip66.Persistence.Candidates;

namespace Nip66.Discovery;

public static class DiscoveryRegistration
{
    /// <summary>
    /// Registers the discovery sources, the <see cref="CandidateLedger"/> and the <see cref="DiscoveryService"/> (hosted).
    /// Needs persistence (<c>AddPersistence</c>). The discovery relays are the operator's (configured or the publish
    /// relays): read with <paramref name="client"/>, whose guard setting the caller chooses.
    /// </summary>
    public static IServiceCollection AddDiscovery(this IServiceCollection services, DiscoveryOptions options, IReadOnlyList<string> publishRelays, RelayOptOut optOut,
        RelayClientOptions client)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(optOut);
        ArgumentNullException.ThrowIfNull(client);
        services.TryAddSingleton(options);
        services.AddSingleton(new DiscoveryRelays(options.Relays, publishRelays));
        services.AddSingleton(sp => new CandidateLedger(sp.GetRequiredService<IDbContextFactory<MonitorDbContext>>(), options, optOut, client.TrustedRanges));
        services.AddSingleton(sp => new DiscoveryReading(
            new PagedReader(client, new PagedReaderOptions()),
            sp.GetRequiredService<CandidateLedger>(),
            sp.GetRequiredService<DiscoveryCursorStore>(),
            options.EventsPerSource,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DiscoverySource, Nip65Source>();
        services.AddSingleton<DiscoverySource, ContactsSource>();
        services.AddSingleton<DiscoverySource, RelaySetsSource>();
        services.AddSingleton<DiscoverySource, MonitorsSource>();
        services.AddSingleton<DiscoveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscoveryService>());
        return services;
    }
}
