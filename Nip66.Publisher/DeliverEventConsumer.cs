using MassTransit;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Publisher;

/// <summary>
/// Delivers one event to one publish relay. A relay that is down or silent makes the delivery throw, so the retry
/// policy tries again later; after the last retry the message waits in the error queue, never dropped.
/// </summary>
public sealed class DeliverEventConsumer(PublishRelayPool pool) : IConsumer<DeliverEvent>
{
    public async Task Consume(ConsumeContext<DeliverEvent> context)
    {
        var m = context.Message;
        var signed = EventParser.Parse(m.EventJson);
        var result = await pool.SendAsync(m.PublishRelay, signed, context.CancellationToken);
        MonitorMetrics.Published(m.PublishRelay, result.Outcome);
        await context.Publish(new EventDelivered
        {
            EventId = m.EventId,
            PublishRelay = m.PublishRelay,
            Outcome = result.Outcome,
            Message = result.Message,
            Attempt = context.GetRetryAttempt() + 1,
            At = DateTimeOffset.UtcNow,
        });
        if (result.Outcome == DeliveryOutcome.Failed)
        {
            throw new DeliveryFailedException($"{m.PublishRelay}: {result.Message}");
        }
    }
}

public sealed class DeliveryFailedException(string message) : Exception(message);

public sealed class DeliverEventConsumerDefinition : ConsumerDefinition<DeliverEventConsumer>
{
    public const string QueueName = "deliver-event";
    private readonly PublisherOptions options;

    public DeliverEventConsumerDefinition(PublisherOptions options)
    {
        this.options = options;
        EndpointName = QueueName;
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DeliverEventConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals([.. options.RetryIntervals]));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
