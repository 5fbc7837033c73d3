using MassTransit;
using Nip66.Contracts;

namespace Nip66.Checker;

public sealed class CheckRelayConsumerDefinition : ConsumerDefinition<CheckRelayConsumer>
{
    /// <summary>Commands taken per check slot, so that checks of free hosts go on while others wait for theirs.</summary>
    public const int WaitingPerSlot = 4;

    public CheckRelayConsumerDefinition(CheckerOptions options)
    {
        EndpointName = QueueNames.CheckRelay;
        ConcurrentMessageLimit = options.Concurrency * WaitingPerSlot;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CheckRelayConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.EnablePriority(QueueNames.CheckRelayMaxPriority);
        }

        // What is left to fail is infrastructure (publishing the result): retry twice, then the error queue. A check
        // never throws for what a relay sent (FailureClass.Internal), and a shutdown's cancellation propagates, so the
        // broker redelivers the command.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(500, 2000));
    }
}
