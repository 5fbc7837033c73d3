using MassTransit;
using Nip66.Contracts;

namespace Nip66.Checker;

public sealed class CheckRelayConsumerDefinition : ConsumerDefinition<CheckRelayConsumer>
{
    /// <summary>
    /// Commands taken beyond the check slots, per slot, so that checks of free hosts go on while others wait for theirs
    /// (<see cref="HostLimiter"/>).
    /// </summary>
    public const int WaitingPerSlot = 3;

    /// <summary>
    /// At most this many commands wait beyond the check slots. A waiting command holds its consume context and pipeline
    /// (about 11 KiB), and each idle reader of the endpoint wakes for every command that arrives: at a concurrency of
    /// 1,000, 3,000 waiting commands cost 30 MiB of peak memory and a sixth of the gen 0 collections, and the cycle was
    /// no faster than with 600. 600 keep the 250-host fleet's hosts busy at a concurrency of 200; with none waiting its
    /// cycle took a fifth longer (docs/benchmarks.md).
    /// </summary>
    public const int MaxWaiting = 600;

    public CheckRelayConsumerDefinition(CheckerOptions options)
    {
        EndpointName = QueueNames.CheckRelay;
        ConcurrentMessageLimit = options.Concurrency + Math.Min(options.Concurrency * WaitingPerSlot, MaxWaiting);
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
