using MassTransit;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Publisher;

/// <summary>Records a signed event for the event log and hands it to each publish relay's delivery queue.</summary>
internal static class EventDispatch
{
    public static async Task DispatchAsync(ConsumeContext context, NostrEvent signed, PublisherOptions options, string? relay, Guid? cycleId)
    {
        var json = signed.ToJson();
        await context.Publish(new NostrEventSigned
        {
            EventId = signed.Id,
            Kind = signed.Kind,
            RelayUrl = relay,
            CycleId = cycleId,
            CreatedAt = signed.CreatedAt,
            EventJson = json,
            PublishRelays = options.PublishRelays,
        });
        foreach (var target in options.PublishRelays)
        {
            // A queue: address declares the queue on first send, so nothing is lost to an exchange with no queue yet.
            var endpoint = await context.GetSendEndpoint(new Uri($"queue:{DeliveryQueues.Name(target)}"));
            await endpoint.Send(new DeliverEvent { EventId = signed.Id, EventJson = json, PublishRelay = target });
        }
    }
}
