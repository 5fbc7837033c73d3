using MassTransit;
using Nip66.Contracts;

namespace Nip66.Publisher;

/// <summary>
/// Delivers one event to one publish relay, retrying what the relay may take later (<c>rate-limited:</c>,
/// <c>error:</c>, no answer) with growing, jittered waits (<see cref="DeliveryBackoff"/>) up to
/// <see cref="PublisherOptions.MaxAttempts"/>. Every attempt is published as an <see cref="EventDelivered"/>; a
/// permanent refusal is recorded once, and the last failed attempt is recorded as failed with "gave up after N
/// attempts", after which the message is done (its reason is in the database, so the error queue is left to faults
/// of the monitor itself). The waits happen here, in the relay's own queue, so they hold up no other relay; when the
/// endpoint stops during one (<see cref="DeliveryEndpointStops"/>), the delivery goes back to its queue with its
/// attempt count instead of delaying the stop.
/// </summary>
public sealed class DeliverEventConsumer(PublishRelayPool pool, PublisherOptions options, DeliveryEndpointStops endpointStops) : IConsumer<DeliverEvent>
{
    public async Task Consume(ConsumeContext<DeliverEvent> context)
    {
        var message = context.Message;
        var endpointStopping = endpointStops.For(context.ReceiveContext.InputAddress);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, endpointStopping);
        var attempt = message.PreviousAttempts;
        try
        {
            while (true)
            {
                var result = await pool.SendAsync(message.PublishRelay, message.EventId, message.EventJson, cancel.Token);
                attempt++;
                var delivered = Record(message, result, attempt);
                MonitorMetrics.Published(message.PublishRelay, delivered.Outcome, gaveUp: delivered.Outcome == DeliveryOutcome.Failed && delivered.RetryAt is null);
                await context.Publish(delivered);
                if (delivered.RetryAt is not { } retryAt)
                {
                    return;
                }

                await Task.Delay(retryAt - delivered.At, cancel.Token);
            }
        }
        catch (OperationCanceledException) when (endpointStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            var queue = await context.GetSendEndpoint(context.ReceiveContext.InputAddress);
            await queue.Send(message with { PreviousAttempts = attempt }, CancellationToken.None);
        }
    }

    private EventDelivered Record(DeliverEvent message, DeliveryResult result, int attempt)
    {
        var now = DateTimeOffset.UtcNow;
        var delivered = new EventDelivered
        {
            EventId = message.EventId,
            PublishRelay = message.PublishRelay,
            Outcome = result.Outcome,
            Message = result.Message,
            Attempt = attempt,
            At = now,
        };
        if (result.Outcome is DeliveryOutcome.Accepted or DeliveryOutcome.Refused)
        {
            return delivered;
        }

        return attempt >= options.MaxAttempts
            ? delivered with { Outcome = DeliveryOutcome.Failed, Message = $"gave up after {attempt} attempts: {result.Message}" }
            : delivered with { RetryAt = now + DeliveryBackoff.Delay(attempt, options, Random.Shared.NextDouble()) };
    }
}
