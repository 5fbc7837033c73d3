using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nip66.Contracts;
using Nip66.Nostr;
using StackExchange.Redis;

namespace Nip66.Publisher;

public static class PublisherRegistration
{
    /// <summary>
    /// The publisher role: signs 30166 (from checks, and refreshes of resting relays) and monitor events, delivers them
    /// to the publish relays. <paramref name="useRedisClock"/> keeps the created_at clock and the monitor-event ledger in
    /// Redis (distributed), else in memory (embedded). The delivery endpoints (one per publish relay) are added to the
    /// bus by <see cref="ConfigureDeliveryEndpoints"/>.
    /// </summary>
    public static IBusRegistrationConfigurator AddPublisher(this IBusRegistrationConfigurator bus, PublisherOptions options, bool useRedisClock)
    {
        ArgumentNullException.ThrowIfNull(options);
        DeliveryQueues.EnsureDistinct(options.PublishRelays);
        bus.AddSingleton(options);
        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton<PublishRelayPool>();
        bus.AddSingleton<DeliveryEndpointStops>();
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

        bus.AddConsumer<RelayCheckedConsumer, RedisRetryConsumerDefinition<RelayCheckedConsumer>>().Endpoint(e => e.Name = QueueNames.PublisherRelayChecked);
        bus.AddConsumer<RefreshRelayDiscoveryConsumer, RedisRetryConsumerDefinition<RefreshRelayDiscoveryConsumer>>()
            .Endpoint(e => e.Name = QueueNames.PublisherRefreshDiscovery);

        // One ask at a time, so two asks in a row cannot both find the ledger without the answer of the first.
        bus.AddConsumer<PublishMonitorEventsConsumer, RedisRetryConsumerDefinition<PublishMonitorEventsConsumer>>().Endpoint(e =>
        {
            e.Name = QueueNames.PublisherMonitorEvents;
            e.ConcurrentMessageLimit = 1;
        });
        bus.AddConsumer<DeliverEventConsumer>().ExcludeFromConfigureEndpoints();
        return bus;
    }

    /// <summary>
    /// A receive endpoint <see cref="DeliveryQueues.Name"/> per publish relay, each with its own
    /// <see cref="PublisherOptions.ConcurrentDeliveriesPerRelay"/>: a relay that is down or rate-limits keeps only its
    /// own deliveries waiting. Call next to <c>ConfigureEndpoints</c> in a process with the publisher role.
    /// </summary>
    public static void ConfigureDeliveryEndpoints(this IBusFactoryConfigurator configurator, IBusRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetRequiredService<PublisherOptions>();
        var stops = context.GetRequiredService<DeliveryEndpointStops>();
        foreach (var relay in options.PublishRelays.Distinct(StringComparer.Ordinal))
        {
            configurator.ReceiveEndpoint(DeliveryQueues.Name(relay), endpoint =>
            {
                // Deliveries are sent to this queue, never published: no binding to the DeliverEvent exchange, or
                // a publish would reach every relay's queue.
                endpoint.ConfigureConsumeTopology = false;
                endpoint.PrefetchCount = options.ConcurrentDeliveriesPerRelay;
                endpoint.ConcurrentMessageLimit = options.ConcurrentDeliveriesPerRelay;
                endpoint.ConnectReceiveEndpointObserver(stops);
                endpoint.ConfigureConsumer<DeliverEventConsumer>(context);
            });
        }
    }
}
