using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Nip66.Publisher;

public static class PublisherRegistration
{
    /// <summary>The publisher role: signs 30166 and monitor events, delivers them to the publish relays.</summary>
    public static IBusRegistrationConfigurator AddPublisher(this IBusRegistrationConfigurator bus, PublisherOptions options, bool useRedisClock)
    {
        bus.AddSingleton(options);
        bus.AddSingleton<PublishRelayPool>();
        if (useRedisClock)
        {
            bus.AddSingleton<ICreatedAtClock>(sp => new RedisCreatedAtClock(sp.GetRequiredService<IConnectionMultiplexer>()));
        }
        else
        {
            bus.AddSingleton<ICreatedAtClock, InMemoryCreatedAtClock>();
        }

        bus.AddConsumer<RelayCheckedConsumer>().Endpoint(e => e.Name = "publisher-relay-checked");
        bus.AddConsumer<PublishMonitorEventsConsumer>().Endpoint(e => e.Name = "publisher-monitor-events");
        bus.AddConsumer<DeliverEventConsumer, DeliverEventConsumerDefinition>();
        return bus;
    }
}
