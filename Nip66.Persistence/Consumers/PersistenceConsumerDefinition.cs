using MassTransit;

namespace Nip66.Persistence.Consumers;

/// <summary>A consumer definition that adds <see cref="PersistenceRetry"/>.</summary>
public class PersistenceConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        consumerConfigurator.UseMessageRetry(PersistenceRetry.Configure);
    }
}
