using MassTransit;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;

namespace Nip66.Publisher;

/// <summary>Signs the 30166 of a relay that is up and hands it to delivery, one message per publish relay.</summary>
public sealed class RelayCheckedConsumer(NostrKeys keys, ICreatedAtClock clock, PublisherOptions options) : IConsumer<RelayChecked>
{
    public async Task Consume(ConsumeContext<RelayChecked> context)
    {
        var result = context.Message.Result;
        if (!DiscoveryEventFactory.IsPublishable(result))
        {
            return;
        }

        var createdAt = await clock.NextAsync(result.Url, result.FinishedAt.ToUnixTimeSeconds());
        var signed = DiscoveryEventFactory.Sign(result, createdAt, keys);
        await EventDispatch.DispatchAsync(context, signed, options, result.Url, context.Message.CycleId);
    }
}

/// <summary>Signs and dispatches the monitor's own events: 10166 announcement, kind 0 profile, 10002 relay list.</summary>
public sealed class PublishMonitorEventsConsumer(NostrKeys keys, PublisherOptions options) : IConsumer<PublishMonitorEvents>
{
    public async Task Consume(ConsumeContext<PublishMonitorEvents> context)
    {
        var m = context.Message;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var announcement = MonitorAnnouncementCodec.ToEvent(new MonitorAnnouncement
        {
            CreatedAt = now,
            FrequencySeconds = m.FrequencySeconds,
            Timeouts = [.. m.Checks.Where(m.TimeoutsMs.ContainsKey).Select(c => new CheckTimeout(CheckName(c), m.TimeoutsMs[c]))],
            Checks = [.. m.Checks.Select(CheckName)],
            Geohashes = m.Geohashes,
        });
        var profile = new MonitorProfile { Name = m.Name, About = m.About, Website = m.Website }.ToEvent(now);
        var relayList = new RelayListMetadata(options.PublishRelays).ToEvent(now);
        foreach (var draft in new[] { announcement, profile, relayList })
        {
            await EventDispatch.DispatchAsync(context, draft.Sign(keys), options, relay: null, cycleId: null);
        }
    }

    public static string CheckName(CheckType check) => check.ToString().ToLowerInvariant();
}
