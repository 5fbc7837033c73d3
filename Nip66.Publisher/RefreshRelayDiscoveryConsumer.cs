using MassTransit;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;

namespace Nip66.Publisher;

/// <summary>
/// Re-signs a resting relay's last 30166, tags and content unchanged, with a created_at from the clock (keyed by the
/// cycle, so a redelivered refresh re-signs the same event) and hands it to delivery.
/// </summary>
public sealed partial class RefreshRelayDiscoveryConsumer(NostrKeys keys, ICreatedAtClock clock, PublisherOptions options,
    ILogger<RefreshRelayDiscoveryConsumer> logger) : IConsumer<RefreshRelayDiscovery>
{
    public async Task Consume(ConsumeContext<RefreshRelayDiscovery> context)
    {
        var m = context.Message;
        var last = EventParser.Parse(m.EventJson);
        if (last.Kind != RelayDiscovery.Kind || last.TagValue("d") != m.RelayUrl)
        {
            NotTheRelaysDiscovery(logger, m.RelayUrl, last.Kind);
            return;
        }

        // Null: a newer check of the relay was signed meanwhile, which this refresh must not replace.
        if (await clock.CreatedAtAsync(m.RelayUrl, m.CycleId, m.At.ToUnixTimeSeconds()) is not { } createdAt)
        {
            return;
        }

        var signed = SignedEventSize.Require(new UnsignedEvent(createdAt, last.Kind, last.Tags, last.Content)).Sign(keys);
        await EventDispatch.DispatchAsync(context, signed, options, m.RelayUrl, m.CycleId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event to refresh for {Relay} is a kind {Kind} without that d tag; not re-signed")]
    private static partial void NotTheRelaysDiscovery(ILogger logger, string relay, int kind);
}
