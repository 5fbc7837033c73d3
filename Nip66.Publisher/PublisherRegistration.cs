using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nip66.Nostr;
using StackExchange.Redis;

namespace Nip66.Publisher;

public static class PublisherRegistration
{
    /// <summary>
    /// The publisher role: signs 30166 (from checks, and refreshes of resting relays) and monitor events, delivers them
    /// to the publish relays. <paramref name="useRedisClock"/> keeps the created_at clock and the monitor-event ledger in
    /// Redis (distributed), else in memory (embedded).
    /// </summary>
    public static IBusRegistrationConfigurator AddPublisher(this IBusRegistrationConfigurator bus, PublisherOptions options, bool useRedisClock)
    {
        bus.AddSingleton(options);
        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton<PublishRelayPool>();
        if (useRedisClock)
        {
            bus.AddSingleton<ICreatedAtClock>(sp => new RedisCreatedAtClock(sp.GetRequiredService<IConnectionMultiplexer>()));
            bus.AddSingleton<IMonitorEventLedger>(sp => new RedisMonitorEventLedger(
                sp.GetRequiredService<IConnectionMultiplexer>(), RedisMonitorEventLedger.KeyFor(sp.GetRequiredService<NostrKeys>())));
        }
        else
        {
            bus.AddSingleton<ICreatedAtClock, InMemoryCreatedAtClock>();
            bus.AddSingleton<IMonitorEventLedger, InMemoryMonitorEventLedger>();
        }

        bus.AddConsumer<RelayCheckedConsumer>().Endpoint(e => e.Name = "publisher-relay-checked");
        bus.AddConsumer<RefreshRelayDiscoveryConsumer>().Endpoint(e => e.Name = "publisher-refresh-discovery");

        // One ask at a time, so two asks in a row cannot both find the ledger without the answer of the first.
        bus.AddConsumer<PublishMonitorEventsConsumer>().Endpoint(e =>
        {
            e.Name = "publisher-monitor-events";
            e.ConcurrentMessageLimit = 1;
        });
        bus.AddConsumer<DeliverEventConsumer, DeliverEventConsumerDefinition>();
        return bus;
    }
}
