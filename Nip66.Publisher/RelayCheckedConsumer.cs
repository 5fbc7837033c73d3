using MassTransit;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;

namespace Nip66.Publisher;

/// <summary>
/// Signs the 30166 of a relay that is up and hands it to delivery, one message per publish relay. A candidate gets
/// none: only a relay promoted to monitoring is published, from its next check on. A redelivered
/// check gets its first created_at back from the clock, so it signs the same event again (same id) and hands that on:
/// if the first attempt died before delivery, this one delivers; if not, relays answer <c>duplicate:</c>.
/// </summary>
public sealed partial class RelayCheckedConsumer(NostrKeys keys, ICreatedAtClock clock, PublisherOptions options, ILogger<RelayCheckedConsumer> logger) : IConsumer<RelayChecked>
{
    public async Task Consume(ConsumeContext<RelayChecked> context)
    {
        var result = context.Message.Result;
        if (context.Message.Candidate || !result.IsPublishable)
        {
            return;
        }

        if (await clock.CreatedAtAsync(result.Url, context.Message.CycleId, result.FinishedAt.ToUnixTimeSeconds()) is not { } createdAt)
        {
            StaleCheck(logger, result.Url, context.Message.CycleId);
            return;
        }

        var signed = DiscoveryEventFactory.Sign(result, createdAt, keys);
        await EventDispatch.DispatchAsync(context, signed, options, result.Url, context.Message.CycleId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The check of {Relay} in cycle {CycleId} is older than the 30166 already signed for it, so it is not signed")]
    private static partial void StaleCheck(ILogger logger, string relay, Guid cycleId);
}
